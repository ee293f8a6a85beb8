package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import ca.uhn.fhir.context.FhirContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.hl7.fhir.r4.model.Bundle;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.receipt.Receipt;
import org.interagency.gateway.receipt.ReceiptKind;
import org.interagency.gateway.receipt.Receipts;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.interagency.gateway.tracking.MessageTracker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two gateways on loopback with mutual TLS exchange a detention notice end to end. */
class TwoGatewayExchangeIT {

    private static final String SENDER = "alameda.juvenile-hall";
    private static final List<String> RECIPIENTS = List.of("contra-costa.child-welfare", "contra-costa.probation");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway alameda;
    private TestGateway contraCosta;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
        contraCosta = pair.contraCosta();
    }

    @Test
    void detentionNoticeReachesInboxesAndComesBackAcknowledged() throws Exception {
        String id = Messages.newId();
        String sent = Messages.withId("valid.json", id);

        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json", bytes(sent));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).contains("/api/v1/messages/" + id);
        awaitStatus(id, "receipted");
        for (String agency : RECIPIENTS) {
            HttpResponse<byte[]> waiting = contraCosta.get(agency, "/api/v1/inbox/" + id);
            assertThat(waiting.statusCode()).isEqualTo(200);
            assertSentWithMouBinding(new String(waiting.body(), StandardCharsets.UTF_8), sent);
        }

        Bundle listed = FhirContext.forR4Cached().newJsonParser()
                .parseResource(Bundle.class, new String(contraCosta.get(RECIPIENTS.get(0), "/api/v1/inbox").body(), StandardCharsets.UTF_8));
        assertThat(listed.getTotal()).isGreaterThanOrEqualTo(1);
        assertThat(listed.getEntry()).anySatisfy(entry -> assertThat(entry.getFullUrl()).isEqualTo("/api/v1/inbox/" + id));

        for (String agency : RECIPIENTS) {
            assertThat(contraCosta.post(agency, "/api/v1/inbox/" + id + "/ack", null, new byte[0]).statusCode()).isEqualTo(200);
        }
        awaitStatus(id, "acknowledged");

        assertThat(contraCosta.get(RECIPIENTS.get(0), "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
        assertThat(contraCosta.post(RECIPIENTS.get(0), "/api/v1/inbox/" + id + "/ack", null, new byte[0]).statusCode())
                .isEqualTo(409);
        assertReceiptsVerify(id);
        assertThat(eventNames(alameda, id)).containsExactly("ACCEPTED", "ACCEPTED", "SEALED", "SEALED", "SENT", "SENT",
                "RECEIPT_RECEIVED", "RECEIPT_RECEIVED", "RECEIPT_RECEIVED", "RECEIPT_RECEIVED");
        assertThat(events(alameda, id)).containsOnly(
                "ACCEPTED contra-costa.probation", "ACCEPTED contra-costa.child-welfare",
                "SEALED contra-costa.child-welfare", "SEALED contra-costa.probation",
                "SENT contra-costa.child-welfare", "SENT contra-costa.probation",
                "RECEIPT_RECEIVED contra-costa.child-welfare", "RECEIPT_RECEIVED contra-costa.probation");
        assertThat(eventNames(contraCosta, id)).startsWith("OPENED", "DELIVERED", "DELIVERED", "RECEIPT_SENT");
        assertThat(events(contraCosta, id)).containsExactlyInAnyOrder(
                "OPENED null", "DELIVERED contra-costa.probation", "DELIVERED contra-costa.child-welfare",
                "RECEIPT_SENT null", "ACKNOWLEDGED contra-costa.child-welfare", "RECEIPT_SENT contra-costa.child-welfare",
                "ACKNOWLEDGED contra-costa.probation", "RECEIPT_SENT contra-costa.probation");
        assertThat(alameda.bean(Ledger.class).firstBrokenEntry()).isEqualTo(-1);
        assertThat(contraCosta.bean(Ledger.class).firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void concurrentSubmissionsAreAllAccepted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(pool.submit(() -> alameda.post(SENDER, "/api/v1/messages", "application/fhir+json",
                    bytes(Messages.withId("valid.json", Messages.newId()))).statusCode()));
        }

        List<Integer> answered = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            answered.add(status.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(answered).containsOnly(202);
        assertThat(alameda.bean(Ledger.class).firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void xmlMessageIsDeliveredInXml() {
        String id = Messages.newId();
        String sent = Messages.withId("valid.xml", id);

        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+xml", bytes(sent));

        assertThat(accepted.statusCode()).isEqualTo(202);
        awaitStatus(id, "receipted");
        HttpResponse<byte[]> waiting = contraCosta.get("contra-costa.probation", "/api/v1/inbox/" + id);
        assertThat(waiting.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+xml"));
        assertSentWithMouBinding(new String(waiting.body(), StandardCharsets.UTF_8), sent);
        assertThat(new String(waiting.body(), StandardCharsets.UTF_8)).startsWith("<Bundle");
    }

    @Test
    void receiverEnforcesItsOwnMouCopy() throws Exception {
        // The sender's MOU lets alameda probation send detention notices; the receiver's copy does not.
        String id = Messages.newId();
        String sent = Messages.withId("valid.json", id).replace("alameda.juvenile-hall", "alameda.probation");

        HttpResponse<byte[]> accepted = alameda.post("alameda.probation", "/api/v1/messages", "application/fhir+json", bytes(sent));

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode status = awaitStatus(id, "failed", "alameda.probation");
        assertThat(status.path("recipients").path(0).path("reasonCode").asString()).isEqualTo("PEER_REJECTED");
        assertThat(contraCosta.get("contra-costa.probation", "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
        assertThat(events(contraCosta, id)).containsExactly("OPENED null", "REFUSED null");
        assertThat(contraCosta.bean(Ledger.class).entriesFor(id).get(1).reasonCode()).isEqualTo("NO_MOU_CLAUSE");
        assertThat(events(alameda, id)).contains("DELIVERY_FAILED contra-costa.probation", "DELIVERY_FAILED contra-costa.child-welfare");
    }

    @Test
    void routeFileInTheCountyFolderIsLoaded() {
        ProducerTemplate template = alameda.bean(ProducerTemplate.class);

        assertThat(template.requestBody("direct:county-ping", "ping", String.class)).isEqualTo("pong");
        assertThat(contraCosta.bean(CamelContext.class).getRoute("county-ping")).isNull();
    }

    private void assertReceiptsVerify(String id) {
        MessageTracker tracker = alameda.bean(MessageTracker.class);
        Receipts receipts = alameda.bean(Receipts.class);

        byte[] delivered = tracker.receipt(id, "contra-costa", ReceiptKind.DELIVERED.code()).orElseThrow();
        Receipt deliveryReceipt = receipts.verify(delivered, "contra-costa", id, ReceiptKind.DELIVERED);
        assertThat(deliveryReceipt.envelopeDigest()).startsWith("sha256:");

        for (String agency : RECIPIENTS) {
            byte[] acknowledged = tracker.receipt(id, "contra-costa", "acknowledged:" + agency).orElseThrow();
            assertThat(receipts.verify(acknowledged, "contra-costa", id, ReceiptKind.ACKNOWLEDGED).agency()).isEqualTo(agency);
        }
    }

    private JsonNode awaitStatus(String id, String expected) {
        return awaitStatus(id, expected, SENDER);
    }

    private JsonNode awaitStatus(String id, String expected, String sender) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<byte[]> response = alameda.get(sender, "/api/v1/messages/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            last[0] = json.readTree(response.body());
            Map<String, String> states = statuses(last[0]);
            assertThat(states).hasSize(2).allSatisfy((agency, state) -> assertThat(state).isEqualTo(expected));
        });
        return last[0];
    }

    private static Map<String, String> statuses(JsonNode status) {
        Map<String, String> states = new TreeMap<>();
        status.path("recipients").forEach(r -> states.put(r.path("agency").asString(), r.path("status").asString()));
        return states;
    }

    /**
     * Checks that the inbox contains the Bundle that was sent, entry for entry, with the
     * MessageHeader naming the MOU version the sending gateway relied on.
     */
    private static void assertSentWithMouBinding(String received, String sent) {
        FhirContext fhir = FhirContext.forR4Cached();
        Bundle receivedBundle = (Bundle) (received.startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser()).parseResource(received);
        Bundle sentBundle = (Bundle) (sent.startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser()).parseResource(sent);

        assertThat(receivedBundle.getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
                .containsExactlyElementsOf(sentBundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
        assertThat(PolicyHeader.bindings(receivedBundle)).extracting(MouBinding::mouId)
                .containsExactly("mou-two-county-csec-protocol");
    }

    private static List<String> events(TestGateway gateway, String id) {
        return gateway.bean(Ledger.class).entriesFor(id).stream()
                .map(entry -> entry.event() + " " + entry.recipientAgency())
                .collect(Collectors.toList());
    }

    private static List<String> eventNames(TestGateway gateway, String id) {
        return gateway.bean(Ledger.class).entriesFor(id).stream().map(entry -> entry.event().name()).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
