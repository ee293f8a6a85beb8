package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.interagency.gateway.cli.KeycloakServer;
import org.interagency.gateway.cli.KeycloakTokens;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestKeycloak;
import org.interagency.gateway.testing.TokenGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agency API of an alameda gateway in token mode, against a real Keycloak with the realm
 * exports of {@code docs/keycloak}: agency systems authenticate with client-credentials
 * tokens, people with tokens of the console client, and every forged, misissued or
 * out-of-date token is rejected.
 */
class KeycloakTokenIT {

    private static final String FHIR_JSON = "application/fhir+json";

    private static TestKeycloak keycloak;
    private static TokenGateway gateway;

    @RegisterExtension
    static final BeforeAllCallback START = context -> {
        keycloak = TestKeycloak.get(context);
        gateway = TokenGateway.get(context);
    };

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void probationTokenSendsAndReadsItsInbox() {
        String token = keycloak.token("alameda", "alameda.probation");
        String id = Messages.newId();

        HttpResponse<byte[]> sent = gateway.send(token, "POST", "/api/v1/messages", FHIR_JSON, messageFrom("alameda.probation", id));
        HttpResponse<byte[]> status = gateway.send(token, "GET", "/api/v1/messages/" + id, null, null);
        HttpResponse<byte[]> inbox = gateway.send(token, "GET", "/api/v1/inbox", null, null);

        assertThat(sent.statusCode()).as("submit status").isEqualTo(202);
        assertThat(status.statusCode()).as("status of own message").isEqualTo(200);
        assertThat(json.readTree(status.body()).path("sender").asString()).isEqualTo("alameda.probation");
        assertThat(inbox.statusCode()).as("own inbox").isEqualTo(200);
        assertThat(json.readTree(inbox.body()).path("type").asString()).isEqualTo("searchset");
    }

    @Test
    void inboxIsReadableOnlyByItsAgency() {
        String id = Messages.newId();
        assertThat(gateway.deliverToChildWelfare(id)).as("delivery by contra-costa's gateway").isEqualTo(200);
        String childWelfare = keycloak.token("alameda", "alameda.child-welfare");
        String probation = keycloak.token("alameda", "alameda.probation");

        HttpResponse<byte[]> own = gateway.send(childWelfare, "GET", "/api/v1/inbox/" + id, null, null);
        HttpResponse<byte[]> foreign = gateway.send(probation, "GET", "/api/v1/inbox/" + id, null, null);
        HttpResponse<byte[]> foreignAck = gateway.send(probation, "POST", "/api/v1/inbox/" + id + "/ack", null, null);
        HttpResponse<byte[]> probationList = gateway.send(probation, "GET", "/api/v1/inbox?_count=50", null, null);

        assertThat(own.statusCode()).as("child welfare reads its message").isEqualTo(200);
        assertThat(own.headers().firstValue("X-Sender-Agency")).hasValue("contra-costa.probation");
        assertRejected(foreign, 404, "NOT_FOUND");
        assertRejected(foreignAck, 404, "NOT_FOUND");
        assertThat(new String(probationList.body(), StandardCharsets.UTF_8)).as("probation's inbox").doesNotContain(id);
        assertThat(gateway.send(childWelfare, "GET", "/api/v1/inbox/" + id, null, null).statusCode())
                .as("message still waiting for child welfare").isEqualTo(200);
    }

    @Test
    void statusOfAnotherAgencysMessageIsNotFound() {
        String id = Messages.newId();
        String hall = keycloak.token("alameda", "alameda.juvenile-hall");
        assertThat(gateway.send(hall, "POST", "/api/v1/messages", FHIR_JSON, messageFrom("alameda.juvenile-hall", id))
                .statusCode()).isEqualTo(202);

        HttpResponse<byte[]> response = gateway.send(keycloak.token("alameda", "alameda.probation"), "GET",
                "/api/v1/messages/" + id, null, null);

        assertRejected(response, 404, "NOT_FOUND");
    }

    @Test
    void sendingAsAnotherAgencyIsForbidden() {
        HttpResponse<byte[]> response = gateway.send(keycloak.token("alameda", "alameda.probation"), "POST", "/api/v1/messages",
                FHIR_JSON, messageFrom("alameda.juvenile-hall", Messages.newId()));

        assertRejected(response, 403, "SENDER_MISMATCH");
    }

    @Test
    void requestWithoutTokenIsUnauthenticated() {
        HttpResponse<byte[]> response = gateway.send(null, "GET", "/api/v1/inbox", null, null);

        assertRejected(response, 401, "UNAUTHENTICATED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void clientCertificateIsRefusedInTokenMode() {
        HttpResponse<byte[]> response = gateway.gateway().requestAs(
                gateway.pki().resolve("alameda/clients/alameda.probation.p12"), "GET", "/api/v1/inbox");

        assertRejected(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        String token = keycloak.token("alameda", "test.short-lived");
        Instant expiry = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry.plus(TokenGateway.CLOCK_SKEW)).toMillis()) + 1500);

        HttpResponse<byte[]> response = gateway.send(token, "GET", "/api/v1/inbox", null, null);

        JsonNode issue = assertRejected(response, 401, "TOKEN_INVALID");
        assertThat(issue.path("diagnostics").asString()).contains("expired");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
    }

    @Test
    void tokenOfAnotherRealmIsRejected() {
        String token = keycloak.token("other-county", "alameda.probation");

        JsonNode issue = assertRejected(gateway.send(token, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");

        assertThat(issue.path("diagnostics").asString()).doesNotContain(token);
    }

    @Test
    void tokenWithoutGatewayAudienceIsRejected() {
        String token = keycloak.token("alameda", "test.no-audience");

        JsonNode issue = assertRejected(gateway.send(token, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");

        assertThat(issue.path("diagnostics").asString()).contains("aud");
    }

    @Test
    void tokenWithoutAgencyClaimIsRejected() {
        String token = keycloak.token("alameda", "test.no-agency-claim");

        JsonNode issue = assertRejected(gateway.send(token, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");

        assertThat(issue.path("diagnostics").asString()).contains("'agency' claim");
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(keycloak.token("alameda", "alameda.probation")).getJWTClaimsSet();
        String unsigned = new PlainJWT(claims).serialize();

        assertRejected(gateway.send(unsigned, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");
    }

    @Test
    void hmacTokenIsRejected() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(keycloak.token("alameda", "alameda.probation")).getJWTClaimsSet();
        RSAKey realmKey = JWKSet.load(URI.create(keycloak.issuer("alameda") + "/protocol/openid-connect/certs").toURL())
                .getKeys().stream().filter(RSAKey.class::isInstance).map(RSAKey.class::cast).findFirst().orElseThrow();
        // The classic confusion attack: the public key in PEM form used as the HMAC secret.
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(realmKey.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        String forged = hmacSigned(claims, realmKey.getKeyID(), pem.getBytes(StandardCharsets.US_ASCII));

        assertRejected(gateway.send(forged, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");
    }

    @Test
    void tamperedAgencyClaimIsRejected() throws Exception {
        SignedJWT token = SignedJWT.parse(keycloak.token("alameda", "alameda.probation"));
        String[] parts = token.serialize().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alameda.probation\"", "\"alameda.child-welfare\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRejected(gateway.send(tampered, "GET", "/api/v1/inbox", null, null), 401, "TOKEN_INVALID");
    }

    @Test
    void complianceOfficerCannotSendOrReadPayloads() {
        String officer = keycloak.personToken("compliance-officer", "dev-only-officer-password");

        HttpResponse<byte[]> send = gateway.send(officer, "POST", "/api/v1/messages", FHIR_JSON,
                messageFrom("alameda.probation", Messages.newId()));
        HttpResponse<byte[]> inbox = gateway.send(officer, "GET", "/api/v1/inbox", null, null);
        HttpResponse<byte[]> audit = gateway.send(officer, "GET", "/api/v1/audit", null, null);

        assertRejected(send, 403, "FORBIDDEN");
        assertRejected(inbox, 403, "FORBIDDEN");
        assertThat(audit.statusCode()).as("officer passes the access rule of /api/v1/audit").isNotIn(401, 403);
    }

    @Test
    void agencySystemCannotCallAuditOrAdminApi() {
        String probation = keycloak.token("alameda", "alameda.probation");

        assertRejected(gateway.send(probation, "GET", "/api/v1/audit", null, null), 403, "FORBIDDEN");
        assertRejected(gateway.send(probation, "GET", "/api/v1/admin/settings", null, null), 403, "FORBIDDEN");
    }

    @Test
    void gatewayAdminReadsSettingsButNoInbox() {
        String admin = keycloak.personToken("gateway-admin", "dev-only-admin-password");

        HttpResponse<byte[]> settings = gateway.send(admin, "GET", "/api/v1/admin/settings", null, null);
        HttpResponse<byte[]> inbox = gateway.send(admin, "GET", "/api/v1/inbox", null, null);

        assertThat(settings.statusCode()).as("settings").isEqualTo(200);
        assertThat(json.readTree(settings.body()).path("settings").path("gateway.security.tokens.issuer-uri").asString())
                .isEqualTo(keycloak.issuer("alameda").toString());
        assertRejected(inbox, 403, "FORBIDDEN");
    }

    @Test
    void tokenIsNoCredentialOnTheExchangeEndpoint() {
        String token = keycloak.token("alameda", "alameda.probation");

        HttpResponse<byte[]> response = gateway.send(token, "POST", "/exchange/v1/envelopes", "application/pkcs7-mime", new byte[] {1});

        assertRejected(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void tokenSignedWithRotatedRealmKeyIsAccepted() throws Exception {
        String before = keycloak.token("alameda", "alameda.probation");
        assertThat(gateway.send(before, "GET", "/api/v1/inbox", null, null).statusCode()).isEqualTo(200);

        addRealmKey(keycloak);
        String after = keycloak.token("alameda", "alameda.probation");

        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).as("key id after rotation")
                .isNotEqualTo(SignedJWT.parse(before).getHeader().getKeyID());
        assertThat(gateway.send(after, "GET", "/api/v1/inbox", null, null).statusCode()).as("token of the new key")
                .isEqualTo(200);
    }

    /** Adds an RSA key with a higher priority than the realm's first, as an administrator rotating keys would. */
    private void addRealmKey(TestKeycloak server) throws Exception {
        String admin = KeycloakTokens.password(server.issuer("master"), "admin-cli", KeycloakServer.ADMIN_USER,
                KeycloakServer.ADMIN_PASSWORD);
        String realmId = json.readTree(http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/admin/realms/alameda")).header("Authorization", "Bearer " + admin).GET()).body()).path("id").asString();
        String component = """
                {"name": "rotated-rsa", "providerId": "rsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
                 "parentId": "%s", "config": {"priority": ["500"], "keySize": ["2048"], "algorithm": ["RS256"]}}
                """.formatted(realmId);

        HttpResponse<String> created = http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/admin/realms/alameda/components")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(component)));

        assertThat(created.statusCode()).as("key provider created").isEqualTo(201);
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmacSigned(JWTClaimsSet claims, String keyId, byte[] secret) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(),
                new JWTClaimsSet.Builder(claims).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static byte[] messageFrom(String agency, String id) {
        return Messages.withId("valid.json", id).replace("alameda.juvenile-hall", agency).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode assertRejected(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("HTTP status").isEqualTo(status);
        JsonNode issue = json.readTree(response.body()).path("issue").path(0);
        assertThat(issue.path("details").path("coding").path(0).path("code").asString()).as("error code").isEqualTo(code);
        return issue;
    }
}
