package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PolicyHeader;
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
 * The policy engine end to end between the two test gateways: an entry withheld on the way,
 * a Consent that lets it through and travels with the message, and denials, each with the
 * ledger rows of both sides.
 */
class PolicyExchangeIT {

    private static final String SENDER = "alameda.juvenile-hall";
    private static final List<String> RECIPIENTS = List.of("contra-costa.probation", "contra-costa.child-welfare");
    private static final String SCREENING = "urn:uuid:2e4f6a8c-0b1d-4f3e-9a5c-7d9e1f3a5b7c";
    private static final String YOUTH = "ALA-Y-0001";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private final FhirContext fhir = FhirContext.forR4Cached();
    private TestGateway alameda;
    private TestGateway contraCosta;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
        contraCosta = pair.contraCosta();
    }

    @Test
    void screeningWithoutConsentIsWithheld() {
        String id = Messages.newId();
        String sent = Messages.withId("with-screening.json", id).replace(YOUTH, "ALA-Y-" + UUID.randomUUID());

        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json", bytes(sent));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(new String(accepted.body(), StandardCharsets.UTF_8))
                .contains("withheld for contra-costa.probation: Observation " + SCREENING + " [mental-health]")
                .contains("withheld for contra-costa.child-welfare: Observation " + SCREENING);
        awaitStatus(id, "receipted");
        for (String agency : RECIPIENTS) {
            Bundle received = inbox(agency, id);
            assertThat(received.getEntry()).hasSize(5);
            assertThat(received.getEntry()).noneMatch(entry -> SCREENING.equals(entry.getFullUrl()));
        }
        List<LedgerEntry> acceptedRows = rows(alameda, id, LedgerEvent.ACCEPTED);
        assertThat(acceptedRows).hasSize(2).allSatisfy(row -> {
            assertThat(row.reasonCode()).isEqualTo("RESOURCES_WITHHELD");
            assertThat(row.mouClause()).isEqualTo("mou-two-county-csec-protocol/v2#detention-notices");
            assertThat(row.purpose()).isEqualTo("safety-planning");
            assertThat(row.consentIds()).isNull();
        });
        assertThat(rows(contraCosta, id, LedgerEvent.DELIVERED)).extracting(LedgerEntry::recipientAgency)
                .containsExactlyInAnyOrderElementsOf(RECIPIENTS);
        assertThat(rows(contraCosta, id, LedgerEvent.DELIVERED)).extracting(LedgerEntry::mouClause)
                .containsOnly("mou-two-county-csec-protocol/v2#detention-notices");
    }

    @Test
    void consentLetsScreeningThroughAndTravels() throws IOException {
        String youth = "ALA-Y-" + UUID.randomUUID();
        String consentId = recordConsent(youth);
        String id = Messages.newId();
        String sent = Messages.withId("with-screening.json", id).replace(YOUTH, youth);

        assertThat(alameda.post(SENDER, "/api/v1/messages", "application/fhir+json", bytes(sent)).statusCode()).isEqualTo(202);
        awaitStatus(id, "receipted");

        for (String agency : RECIPIENTS) {
            Bundle received = inbox(agency, id);
            assertThat(received.getEntry()).anyMatch(entry -> SCREENING.equals(entry.getFullUrl()));
            assertThat(PolicyHeader.consents(received)).singleElement().satisfies(carried -> {
                assertThat(carried.fullUrl()).isEqualTo("urn:uuid:" + consentId);
                assertThat(carried.consent()).isNotNull();
            });
        }
        assertThat(rows(alameda, id, LedgerEvent.ACCEPTED)).hasSize(2).allSatisfy(row -> {
            assertThat(row.consentIds()).isEqualTo(consentId);
            assertThat(row.reasonCode()).isNull();
            assertThat(row.mouClause()).contains("mou-two-county-csec-protocol/v2#mental-health-with-consent");
        });
        assertThat(rows(contraCosta, id, LedgerEvent.DELIVERED)).hasSize(2)
                .allSatisfy(row -> assertThat(row.consentIds()).isEqualTo(consentId));
    }

    @Test
    void onlyObtainingAgencyRevokesConsent() throws IOException {
        String consentId = recordConsent("ALA-Y-" + UUID.randomUUID());

        HttpResponse<byte[]> byOther = alameda.post("alameda.probation", "/api/v1/consents/" + consentId + "/revoke", null,
                new byte[0]);
        HttpResponse<byte[]> byOwner = alameda.post(SENDER, "/api/v1/consents/" + consentId + "/revoke", null, new byte[0]);
        HttpResponse<byte[]> again = alameda.post(SENDER, "/api/v1/consents/" + consentId + "/revoke", null, new byte[0]);

        assertThat(byOther.statusCode()).isEqualTo(403);
        assertThat(errorCode(byOther)).isEqualTo("CONSENT_NOT_OWNED");
        assertThat(byOwner.statusCode()).isEqualTo(200);
        assertThat(fhir.newJsonParser().parseResource(Consent.class, new String(byOwner.body(), StandardCharsets.UTF_8))
                .getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(alameda.bean(Ledger.class).entriesFrom(1, Integer.MAX_VALUE)).filteredOn(row -> consentId.equals(row.consentIds()))
                .extracting(LedgerEntry::event).containsExactly(LedgerEvent.CONSENT_RECORDED, LedgerEvent.CONSENT_REVOKED);
    }

    @Test
    void purposeOutsideMouIsDeniedAtIntake() {
        String id = Messages.newId();
        String sent = Messages.withId("valid.json", id).replace("\"code\": \"safety-planning\"", "\"code\": \"prosecution\"");

        HttpResponse<byte[]> response = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json", bytes(sent));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(errorCode(response)).isEqualTo("PURPOSE_NOT_ALLOWED");
        assertThat(rows(alameda, id, LedgerEvent.DENIED)).extracting(LedgerEntry::recipientAgency)
                .containsExactlyInAnyOrderElementsOf(RECIPIENTS);
        assertThat(rows(alameda, id, LedgerEvent.DENIED)).allSatisfy(row -> {
            assertThat(row.reasonCode()).isEqualTo("PURPOSE_NOT_ALLOWED");
            assertThat(row.purpose()).isEqualTo("prosecution");
            assertThat(row.mouClause()).contains("mou-two-county-csec-protocol/v2#detention-notices");
        });
        assertThat(contraCosta.bean(Ledger.class).entriesFor(id)).isEmpty();
    }

    @Test
    void receiverRejectsOtherMouVersion() {
        String id = Messages.newId();
        String message = pair.withProtocolMou(Messages.withId("valid.json", id))
                .replaceFirst("sha256:[0-9a-f]{64}", "sha256:" + "0".repeat(64));

        HttpResponse<byte[]> response = contraCosta.postAs(alameda.gatewayTls(), "/exchange/v1/envelopes",
                "application/pkcs7-mime", seal(message));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(errorCode(response)).isEqualTo("MOU_VERSION_MISMATCH");
        String held = contraCosta.bean(MouRepository.class).find("mou-two-county-csec-protocol").orElseThrow().digest();
        assertThat(json.readTree(response.body()).path("issue").path(0).path("diagnostics").asString())
                .contains("this gateway holds version 2 (" + held + ")");
        assertThat(rows(contraCosta, id, LedgerEvent.REFUSED)).singleElement()
                .satisfies(row -> assertThat(row.reasonCode()).isEqualTo("MOU_VERSION_MISMATCH"));
        assertThat(contraCosta.get(RECIPIENTS.get(0), "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void receiverRejectsEntryItsMouWithholds() {
        String id = Messages.newId();
        String message = pair.withProtocolMou(Messages.withId("with-screening.json", id));

        HttpResponse<byte[]> response = contraCosta.postAs(alameda.gatewayTls(), "/exchange/v1/envelopes",
                "application/pkcs7-mime", seal(message));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(errorCode(response)).isEqualTo("RESOURCE_NOT_ALLOWED");
        assertThat(rows(contraCosta, id, LedgerEvent.REFUSED)).singleElement()
                .satisfies(row -> assertThat(row.reasonCode()).isEqualTo("RESOURCE_NOT_ALLOWED"));
        assertThat(rows(contraCosta, id, LedgerEvent.DELIVERED)).isEmpty();
    }

    /** Seals the message as the sending agency to contra-costa, bypassing alameda's policy step. */
    private byte[] seal(String message) {
        SigningIdentity identity = KeyMaterial.loadSigningIdentity(pair.pki().resolve("alameda/agencies/" + SENDER + ".p12"),
                DevPki.PASSWORD.toCharArray());
        return new EnvelopeSealer().seal(bytes(message), identity,
                List.of(KeyMaterial.readCertificate(pair.pki().resolve("contra-costa/gateway-encryption.crt"))));
    }

    private String recordConsent(String youth) throws IOException {
        String consent;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("examples/consent/mental-health-screening.json")) {
            consent = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(YOUTH, youth);
        }
        HttpResponse<byte[]> recorded = alameda.post(SENDER, "/api/v1/consents", "application/fhir+json", bytes(consent));
        assertThat(recorded.statusCode()).as("consent recording: %s", new String(recorded.body(), StandardCharsets.UTF_8))
                .isEqualTo(201);
        return fhir.newJsonParser().parseResource(Consent.class, new String(recorded.body(), StandardCharsets.UTF_8))
                .getIdElement().getIdPart();
    }

    private Bundle inbox(String agency, String id) {
        HttpResponse<byte[]> waiting = contraCosta.get(agency, "/api/v1/inbox/" + id);
        assertThat(waiting.statusCode()).as("inbox of %s", agency).isEqualTo(200);
        return fhir.newJsonParser().parseResource(Bundle.class, new String(waiting.body(), StandardCharsets.UTF_8));
    }

    private void awaitStatus(String id, String expected) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<byte[]> response = alameda.get(SENDER, "/api/v1/messages/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode recipients = json.readTree(response.body()).path("recipients");
            assertThat(recipients.size()).isEqualTo(2);
            recipients.forEach(recipient -> assertThat(recipient.path("status").asString()).isEqualTo(expected));
        });
    }

    private String errorCode(HttpResponse<byte[]> response) {
        return json.readTree(response.body()).path("issue").path(0).path("details").path("coding").path(0).path("code").asString();
    }

    private static List<LedgerEntry> rows(TestGateway gateway, String id, LedgerEvent event) {
        return gateway.bean(Ledger.class).entriesFor(id).stream().filter(row -> row.event() == event).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
