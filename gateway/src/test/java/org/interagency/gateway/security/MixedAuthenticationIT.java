package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.interagency.gateway.testing.TestKeycloak;
import org.interagency.gateway.testing.TokenGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agency API that accepts both bearer tokens and client certificates, as while a county's
 * agency systems move to tokens: either credential works alone, and a request that carries a
 * token is judged by the token alone.
 */
class MixedAuthenticationIT {

    private static TestKeycloak keycloak;
    private static TokenGateway gateway;

    @RegisterExtension
    static final BeforeAllCallback START = context -> {
        keycloak = TestKeycloak.get(context);
        gateway = TokenGateway.withCertificates(context);
    };

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void certificateAloneIsAccepted() {
        assertThat(gateway.getWithCertificate("alameda.probation", null, "/api/v1/inbox").statusCode()).isEqualTo(200);
    }

    @Test
    void tokenAloneIsAccepted() {
        String token = keycloak.token("alameda", "alameda.probation");

        assertThat(gateway.send(token, "GET", "/api/v1/inbox", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidTokenBesideValidCertificateIsRejected() {
        String foreign = keycloak.token("other-county", "alameda.probation");

        HttpResponse<byte[]> response = gateway.getWithCertificate("alameda.probation", foreign, "/api/v1/inbox");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(code(response)).isEqualTo("TOKEN_INVALID");
    }

    @Test
    void noCredentialsNamesBothWays() {
        HttpResponse<byte[]> response = gateway.send(null, "GET", "/api/v1/inbox", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(code(response)).isEqualTo("UNAUTHENTICATED");
        assertThat(json.readTree(response.body()).path("issue").path(0).path("diagnostics").asString())
                .contains("Authorization: Bearer", "client certificate");
    }

    private String code(HttpResponse<byte[]> response) {
        JsonNode issue = json.readTree(response.body()).path("issue").path(0);
        return issue.path("details").path("coding").path(0).path("code").asString();
    }
}
