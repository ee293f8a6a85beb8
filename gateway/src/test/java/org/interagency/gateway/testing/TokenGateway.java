package org.interagency.gateway.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.policy.SignedMou;
import org.interagency.gateway.pki.DevTls;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An alameda gateway whose agency API accepts only bearer tokens of the test Keycloak's realm
 * alameda (or, from {@link #withCertificates}, tokens and client certificates), started once per test run. Partner gateways still reach {@code /exchange/v1} with
 * their TLS client certificates, so a test can put a message from contra-costa into an
 * alameda inbox the way a real partner would. The directory points contra-costa at a port
 * where nothing listens, so what alameda sends stays undelivered.
 */
public final class TokenGateway implements ExtensionContext.Store.CloseableResource {

    /** Clock skew of the test gateway, small so that the expiry test waits only seconds. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

    /** An MOU of the test gateway only: contra-costa probation may notify alameda child welfare. */
    private static final String INBOUND_MOU = """
            id: mou-test-inbound
            version: 1
            title: Test agreement for messages to alameda (synthetic)
            parties: [contra-costa.probation, alameda.child-welfare]
            effective: 2026-01-01
            expires: 2028-12-31
            clauses:
              - id: detention-notices-to-alameda
                senders:
                  - agency: contra-costa.probation
                recipients:
                  - agency: alameda.child-welfare
                exchangeTypes: [detention-notice]
                purposes: [safety-planning]
                dataClasses: [identity]
                consent:
                  rule: not-required
                  authority: "Test text: no consent needed for this synthetic agreement"
                onwardDisclosure: false
                retentionDays: 30
            """;

    private final TestGateway gateway;
    private final Path pki;
    private final HttpClient http;

    private TokenGateway(TestGateway gateway, Path pki) {
        this.gateway = gateway;
        this.pki = pki;
        this.http = HttpClient.newBuilder()
                .sslContext(DevTls.clientContext(null, pki.resolve("truststore.p12")))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Returns the token gateway of this test run, starting it and the test Keycloak on first use. */
    public static TokenGateway get(ExtensionContext context) {
        TestKeycloak keycloak = TestKeycloak.get(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TokenGateway.class, key -> start(keycloak, false), TokenGateway.class);
    }

    /**
     * Returns a second alameda gateway of this test run that accepts both bearer tokens and
     * client certificates on its agency API, as a county does while its agency systems move to tokens.
     */
    public static TokenGateway withCertificates(ExtensionContext context) {
        TestKeycloak keycloak = TestKeycloak.get(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("token-gateway-with-certificates", key -> start(keycloak, true), TokenGateway.class);
    }

    public TestGateway gateway() {
        return gateway;
    }

    /** Returns the folder of this gateway's development PKI. */
    public Path pki() {
        return pki;
    }

    /** Sends {@code request} to the gateway without a client certificate, with the bearer token when it is not null. */
    public HttpResponse<byte[]> send(String token, String method, String path, String contentType, byte[] body) {
        return send(http, token, method, path, contentType, body);
    }

    /** Sends a GET with the client keystore of {@code agency} and, when it is not null, the bearer token. */
    public HttpResponse<byte[]> getWithCertificate(String agency, String token, String path) {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(DevTls.clientContext(gateway.clientOf(agency), pki.resolve("truststore.p12")))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return send(client, token, "GET", path, null, null);
    }

    private HttpResponse<byte[]> send(HttpClient client, String token, String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request to the token gateway failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Delivers a detention notice from contra-costa probation to alameda child welfare the
     * way contra-costa's gateway would: signed, encrypted and posted with its TLS key.
     * Returns the HTTP status.
     */
    public int deliverToChildWelfare(String messageId) {
        String message = Messages.withId("valid.json", messageId)
                .replace("urn:agency:alameda.juvenile-hall", "urn:agency:contra-costa.probation")
                .replace("\"value\": \"alameda.juvenile-hall\"\n", "\"value\": \"contra-costa.probation\"\n")
                .replace("urn:point-person:contra-costa:probation", "urn:agency:alameda.child-welfare")
                .replace(",\n          {\n            \"name\": \"Contra Costa County child-welfare point person (demo)\",\n"
                        + "            \"endpoint\": \"urn:point-person:contra-costa:child-welfare\"\n          }", "");
        message = withInboundMou(message);
        SigningIdentity signer = KeyMaterial.loadSigningIdentity(
                pki.resolve("contra-costa/agencies/contra-costa.probation.p12"), DevPki.PASSWORD.toCharArray());
        byte[] envelope = new EnvelopeSealer().seal(message.getBytes(StandardCharsets.UTF_8), signer,
                List.of(KeyMaterial.readCertificate(pki.resolve("alameda/gateway-encryption.crt"))));

        return gateway.postAs(pki.resolve("contra-costa/gateway-tls.p12"), "/exchange/v1/envelopes", "application/pkcs7-mime",
                envelope).statusCode();
    }

    /**
     * Stamps the bindings of every MOU alameda holds, as contra-costa's gateway does for the
     * MOUs that cover the message: the receiver wants the signed version of each covering MOU.
     */
    private String withInboundMou(String message) {
        IParser json = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
        Bundle bundle = json.parseResource(Bundle.class, message);
        List<MouBinding> bindings = gateway.bean(MouRepository.class).all().stream().map(SignedMou::binding).toList();
        PolicyHeader.stamp(bundle, bindings, List.of());
        return json.encodeResourceToString(bundle);
    }

    @Override
    public void close() {
        gateway.stop();
    }

    private static TokenGateway start(TestKeycloak keycloak, boolean certificates) {
        try {
            Path root = Files.createTempDirectory("token-gateway");
            Path home = GatewayPair.projectHome();
            Path pki = root.resolve("pki");
            Map<String, List<String>> agencies = DirectoryLoader.agencyIdsByCounty(
                    home.resolve("config/demo/alameda/directory.yml"), text -> text.replaceAll("\\$\\{[A-Z_]+:([0-9]+)}", "$1"));
            DevPki.create(pki, agencies, false);

            Path config = GatewayPair.copyConfig(home, "alameda", root, pki);
            Files.writeString(config.resolve("mous/mou-test-inbound.yml"), INBOUND_MOU);
            TestMous.signAsEveryParty(config.resolve("mous"), pki);
            int port = GatewayPair.freePort();
            TestGateway gateway = GatewayPair.launch("alameda", port, config, root, pki, List.of(
                    "ALAMEDA_PORT=" + port,
                    "CONTRA_COSTA_PORT=" + GatewayPair.freePort(),
                    "gateway.security.client-certificates.enabled=" + certificates,
                    "gateway.security.tokens.enabled=true",
                    "gateway.security.tokens.issuer-uri=" + keycloak.issuer("alameda"),
                    "gateway.security.tokens.clock-skew=" + CLOCK_SKEW.toSeconds() + "s"));
            return new TokenGateway(gateway, pki);
        } catch (Exception e) {
            throw new IllegalStateException("the token gateway could not be started", e);
        }
    }
}
