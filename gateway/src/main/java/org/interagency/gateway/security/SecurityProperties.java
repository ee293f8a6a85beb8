package org.interagency.gateway.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How callers of {@code /api/v1} authenticate, under {@code gateway.security.*}. Partner
 * gateways on {@code /exchange/v1} always authenticate with their TLS client certificate,
 * regardless of these settings.
 */
@Validated
@ConfigurationProperties("gateway.security")
public class SecurityProperties {

    /** Development client certificates for agency systems, compliance officers and administrators. */
    @Valid
    private final ClientCertificates clientCertificates = new ClientCertificates();

    /** Bearer tokens (JWT) issued by the county's OpenID provider, such as a Keycloak realm. */
    @Valid
    private final Tokens tokens = new Tokens();

    public ClientCertificates getClientCertificates() {
        return clientCertificates;
    }

    public Tokens getTokens() {
        return tokens;
    }

    /** Client certificates on the agency API. */
    public static class ClientCertificates {

        /** Whether {@code /api/v1} accepts client certificates naming an agency, officer or administrator. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Bearer tokens on the agency API. */
    public static class Tokens {

        /** Whether {@code /api/v1} accepts bearer tokens. */
        private boolean enabled = false;

        /**
         * Issuer of the tokens, exactly as the provider writes it in the {@code iss} claim, such
         * as {@code https://sso.example.org/realms/alameda}. The gateway reads the provider's
         * metadata from {@code <issuer-uri>/.well-known/openid-configuration} on the first request.
         */
        private String issuerUri = "";

        /** URL of the provider's JWK set; when empty, the one its metadata names. */
        private String jwkSetUri = "";

        /** Value the {@code aud} claim must contain; Keycloak adds it with an audience mapper. */
        @NotBlank
        private String audience = "interagency-gateway";

        /**
         * Client whose roles in {@code resource_access.<client-id>.roles} count besides the realm
         * roles in {@code realm_access.roles}.
         */
        @NotBlank
        private String clientId = "interagency-gateway";

        /** Claim that names the agency of an agency system, such as {@code alameda.probation}. */
        @NotBlank
        private String agencyClaim = "agency";

        /** Clock difference tolerated on {@code exp} and {@code nbf}. */
        @NotNull
        private Duration clockSkew = Duration.ofSeconds(30);

        /** Returns whether the settings are complete: an enabled token mode needs an issuer. */
        @AssertTrue(message = "gateway.security.tokens.issuer-uri must be set when gateway.security.tokens.enabled is true; "
                + "set it to the issuer of the county's realm, such as https://sso.example.org/realms/alameda")
        public boolean isIssuerSetWhenEnabled() {
            return !enabled || !issuerUri.isBlank();
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getIssuerUri() {
            return issuerUri;
        }

        public void setIssuerUri(String issuerUri) {
            this.issuerUri = issuerUri;
        }

        public String getJwkSetUri() {
            return jwkSetUri;
        }

        public void setJwkSetUri(String jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
        }

        public String getAudience() {
            return audience;
        }

        public void setAudience(String audience) {
            this.audience = audience;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getAgencyClaim() {
            return agencyClaim;
        }

        public void setAgencyClaim(String agencyClaim) {
            this.agencyClaim = agencyClaim;
        }

        public Duration getClockSkew() {
            return clockSkew;
        }

        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }
    }
}
