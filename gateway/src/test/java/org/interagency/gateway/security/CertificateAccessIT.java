package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what with a TLS client certificate: a partner gateway only with a certificate
 * of the county it names, compliance officers only the audit API, administrators only the
 * admin API, and no caller over plain HTTP.
 */
class CertificateAccessIT {

    private static final String PKCS7 = "application/pkcs7-mime";
    private static final String FHIR_JSON = "application/fhir+json";

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway alameda;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
    }

    @Test
    void peerCertificateOfAnotherCountysCaIsRefused() {
        // Issued by alameda's county CA but naming urn:gateway:contra-costa.
        Path forged = pair.pki().resolve("test/cross-county-gateway-tls.p12");

        HttpResponse<byte[]> response = alameda.postAs(forged, "/exchange/v1/envelopes", PKCS7, new byte[] {0x30, 0x00});

        assertRejected(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void peerCertificateOfItsOwnCountyPassesAuthentication() {
        HttpResponse<byte[]> response = alameda.postAs(pair.contraCosta().gatewayTls(), "/exchange/v1/envelopes", PKCS7,
                new byte[] {0x30, 0x00});

        assertRejected(response, 400, "ENVELOPE_MALFORMED");
    }

    @Test
    void plainHttpIsRefused() throws IOException {
        String status;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), alameda.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/inbox HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(status).as("answer to plain HTTP").startsWith("HTTP/1.1 400").doesNotContain("resourceType");
    }

    @Test
    void complianceOfficerCannotSendOrReadAnInbox() {
        Path officer = client("compliance-officer");

        HttpResponse<byte[]> send = alameda.postAs(officer, "/api/v1/messages", FHIR_JSON,
                Messages.withId("valid.json", Messages.newId()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> inbox = alameda.requestAs(officer, "GET", "/api/v1/inbox");
        HttpResponse<byte[]> admin = alameda.requestAs(officer, "GET", "/api/v1/admin/settings");

        assertRejected(send, 403, "FORBIDDEN");
        assertRejected(inbox, 403, "FORBIDDEN");
        assertRejected(admin, 403, "FORBIDDEN");
    }

    @Test
    void agencySystemCannotCallAuditOrAdmin() {
        Path agency = alameda.clientOf("alameda.juvenile-hall");

        assertRejected(alameda.requestAs(agency, "GET", "/api/v1/audit"), 403, "FORBIDDEN");
        assertRejected(alameda.requestAs(agency, "GET", "/api/v1/admin/dead-letters"), 403, "FORBIDDEN");
    }

    @Test
    void gatewayAdminCannotReadAnInboxOrStatus() {
        Path admin = client("gateway-admin");

        assertRejected(alameda.requestAs(admin, "GET", "/api/v1/inbox"), 403, "FORBIDDEN");
        assertRejected(alameda.requestAs(admin, "GET", "/api/v1/messages/" + Messages.newId()), 403, "FORBIDDEN");
        assertRejected(alameda.requestAs(admin, "GET", "/api/v1/audit"), 403, "FORBIDDEN");
    }

    private Path client(String name) {
        return pair.pki().resolve("alameda/clients/" + name + ".p12");
    }

    private JsonNode assertRejected(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("HTTP status").isEqualTo(status);
        JsonNode issue = json.readTree(response.body()).path("issue").path(0);
        assertThat(issue.path("details").path("coding").path(0).path("code").asString()).as("error code").isEqualTo(code);
        return issue;
    }
}
