package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

class TokenDecodersTest {

    @Test
    void unreachableProviderIsNoInvalidToken() throws IOException {
        SecurityProperties.Tokens settings = new SecurityProperties.Tokens();
        settings.setIssuerUri("http://127.0.0.1:" + closedPort() + "/realms/alameda");

        assertThatThrownBy(() -> TokenDecoders.create(settings).decode("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"))
                .isInstanceOf(JwtException.class)
                .isNotInstanceOf(BadJwtException.class)
                .hasMessageContaining("could not be read");
    }

    @Test
    void validatorRejectsWrongAudienceAndExpiry() {
        SecurityProperties.Tokens settings = new SecurityProperties.Tokens();
        settings.setIssuerUri("http://127.0.0.1:8080/realms/alameda");
        settings.setClockSkew(Duration.ofSeconds(5));

        Jwt wrongAudience = token(settings.getIssuerUri(), "account", Instant.now().plusSeconds(60));
        Jwt expired = token(settings.getIssuerUri(), "interagency-gateway", Instant.now().minusSeconds(10));
        Jwt withinSkew = token(settings.getIssuerUri(), "interagency-gateway", Instant.now().minusSeconds(2));
        Jwt otherIssuer = token("http://localhost:8080/realms/alameda", "interagency-gateway", Instant.now().plusSeconds(60));

        assertThat(TokenDecoders.validator(settings).validate(wrongAudience).hasErrors()).as("wrong audience").isTrue();
        assertThat(TokenDecoders.validator(settings).validate(expired).hasErrors()).as("expired").isTrue();
        assertThat(TokenDecoders.validator(settings).validate(withinSkew).hasErrors()).as("expired within skew").isFalse();
        assertThat(TokenDecoders.validator(settings).validate(otherIssuer).hasErrors()).as("localhost issuer").isTrue();
    }

    private static Jwt token(String issuer, String audience, Instant expiresAt) {
        return Jwt.withTokenValue("not-a-real-token")
                .header("alg", "RS256")
                .issuer(issuer)
                .audience(List.of(audience))
                .issuedAt(expiresAt.minusSeconds(300))
                .expiresAt(expiresAt)
                .build();
    }

    /** Returns a loopback port where nothing listens, as far as can be known. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
