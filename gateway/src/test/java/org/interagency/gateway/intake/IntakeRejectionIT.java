package org.interagency.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input to {@code POST /api/v1/messages} gets the fitting status and an OperationOutcome
 * naming the error code, and nothing is accepted.
 */
class IntakeRejectionIT {

    private static final String SENDER = "alameda.juvenile-hall";
    private static final String FHIR_JSON = "application/fhir+json";

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway alameda;

    @BeforeEach
    void gateway() {
        alameda = pair.alameda();
    }

    static Stream<Arguments> invalidExamples() {
        return Stream.of(
                Arguments.of("invalid-not-a-bundle.json", 400, "NOT_A_BUNDLE"),
                Arguments.of("invalid-not-message.json", 400, "NOT_A_MESSAGE"),
                Arguments.of("invalid-bad-json.json", 400, "UNREADABLE_BODY"),
                Arguments.of("invalid-unknown-exchange-type.json", 422, "UNKNOWN_EXCHANGE_TYPE"),
                Arguments.of("invalid-profile-missing-sender.json", 422, "PROFILE_VIOLATION"),
                Arguments.of("invalid-profile-no-focus.json", 422, "PROFILE_VIOLATION"),
                Arguments.of("invalid-unknown-recipient.json", 422, "UNKNOWN_RECIPIENT"),
                Arguments.of("invalid-no-mou-clause.json", 403, "NO_MOU_CLAUSE"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("invalidExamples")
    void invalidMessageIsRejected(String example, int status, String code) {
        String id = Messages.newId();

        HttpResponse<byte[]> response = submit(SENDER, FHIR_JSON, Messages.withId(example, id).getBytes(StandardCharsets.UTF_8));

        assertRejected(response, status, code);
        assertThat(alameda.get(SENDER, "/api/v1/messages/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void profileViolationListsTheFailingElement() {
        HttpResponse<byte[]> response = submit(SENDER, FHIR_JSON, bytes(Messages.withId("invalid-profile-missing-sender.json", Messages.newId())));

        JsonNode outcome = assertRejected(response, 422, "PROFILE_VIOLATION");
        assertThat(outcome.path("issue").toString()).contains("MessageHeader.sender");
    }

    @Test
    void policyDenialIsInTheLedger() {
        String id = Messages.newId();

        submit(SENDER, FHIR_JSON, bytes(Messages.withId("invalid-no-mou-clause.json", id)));

        assertThat(alameda.bean(Ledger.class).entriesFor(id))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.event().name()).isEqualTo("DENIED");
                    assertThat(entry.reasonCode()).isEqualTo("NO_MOU_CLAUSE");
                    assertThat(entry.payloadDigest()).startsWith("sha256:");
                });
    }

    @Test
    void staleMessageIsRejected() {
        String message = Messages.withIdAt("valid.json", Messages.newId(), Instant.now().minus(Duration.ofDays(2)));

        assertRejected(submit(SENDER, FHIR_JSON, bytes(message)), 422, "STALE_MESSAGE");
    }

    @Test
    void bodyOverTheLimitIsRejected() {
        byte[] body = new byte[GatewayPair.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');

        assertRejected(submit(SENDER, FHIR_JSON, body), 413, "BODY_TOO_LARGE");
    }

    @Test
    void wrongContentTypeIsRejected() {
        assertRejected(submit(SENDER, "text/plain", bytes(Messages.withId("valid.json", Messages.newId()))), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void missingContentTypeIsRejected() {
        assertRejected(submit(SENDER, null, bytes(Messages.withId("valid.json", Messages.newId()))), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void sameMessageIdTwiceIsRejected() {
        String message = Messages.withId("valid.json", Messages.newId());
        assertThat(submit(SENDER, FHIR_JSON, bytes(message)).statusCode()).isEqualTo(202);

        assertRejected(submit(SENDER, FHIR_JSON, bytes(message)), 409, "DUPLICATE_MESSAGE");
    }

    @Test
    void sendingAsAnotherAgencyIsRejected() {
        HttpResponse<byte[]> response = submit("alameda.probation", FHIR_JSON, bytes(Messages.withId("valid.json", Messages.newId())));

        assertRejected(response, 403, "SENDER_MISMATCH");
    }

    @Test
    void callerWithoutCertificateIsUnauthenticated() {
        HttpResponse<byte[]> response = alameda.postAs(null, "/api/v1/messages", FHIR_JSON,
                bytes(Messages.withId("valid.json", Messages.newId())));

        assertRejected(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void peerGatewayCannotUseTheAgencyApi() {
        HttpResponse<byte[]> response = alameda.postAs(pair.contraCosta().gatewayTls(), "/api/v1/messages", FHIR_JSON,
                bytes(Messages.withId("valid.json", Messages.newId())));

        assertRejected(response, 403, "FORBIDDEN");
    }

    @Test
    void agencyOfAnotherCountyCannotUseThisGateway() {
        HttpResponse<byte[]> response = alameda.get("contra-costa.probation", "/api/v1/inbox");

        assertRejected(response, 401, "UNAUTHENTICATED");
    }

    @Test
    void acknowledgingAnUnknownMessageIsNotFound() {
        HttpResponse<byte[]> response = alameda.post(SENDER, "/api/v1/inbox/" + Messages.newId() + "/ack", null, new byte[0]);

        assertRejected(response, 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodGetsAnOperationOutcome() {
        assertRejected(alameda.get(SENDER, "/api/v1/messages"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void unknownPathGetsAnOperationOutcome() {
        assertRejected(alameda.get(SENDER, "/api/v1/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void nonNumericCountIsRejected() {
        assertRejected(alameda.get(SENDER, "/api/v1/inbox?_count=abc"), 400, "INVALID_PARAMETER");
    }

    @Test
    void agencySystemCannotPostEnvelopes() {
        HttpResponse<byte[]> response = alameda.post(SENDER, "/exchange/v1/envelopes", "application/pkcs7-mime", new byte[] {1});

        assertRejected(response, 403, "FORBIDDEN");
    }

    @Test
    void statusOfAnotherAgencysMessageIsNotFound() {
        String id = Messages.newId();
        assertThat(submit(SENDER, FHIR_JSON, bytes(Messages.withId("valid.json", id))).statusCode()).isEqualTo(202);

        assertRejected(alameda.get("alameda.probation", "/api/v1/messages/" + id), 404, "NOT_FOUND");
    }

    private HttpResponse<byte[]> submit(String agency, String contentType, byte[] body) {
        return alameda.post(agency, "/api/v1/messages", contentType, body);
    }

    private JsonNode assertRejected(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").path(0).path("details").path("coding").path(0).path("code").asString()).isEqualTo(code);
        return outcome;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
