package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Message;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.interagency.gateway.tracking.RecipientStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jms.core.JmsTemplate;

/**
 * Delivery when the link to the partner gateway fails: the broker redelivers, and after the
 * last attempt the message is marked failed and parked in the dead-letter queue. The test
 * gateways allow two redeliveries 200 ms apart.
 */
class DeliveryRetryIT {

    private static final String SENDER = "alameda.juvenile-hall";

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private TestGateway alameda;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
    }

    @AfterEach
    void restoreLink() {
        pair.toContraCosta().up();
    }

    @Test
    void droppedConnectionIsRetriedAndDelivered() {
        pair.toContraCosta().dropNext(1);
        int droppedBefore = pair.toContraCosta().dropped();
        String id = send();

        await().atMost(Duration.ofSeconds(30)).until(() -> states(id), states -> states.stream().allMatch(DeliveryState.RECEIPTED::equals));

        assertThat(pair.toContraCosta().dropped() - droppedBefore).isEqualTo(1);
        assertThat(events(id)).containsExactly("ACCEPTED", "ACCEPTED", "SEALED", "SEALED", "SENT", "SENT",
                "RECEIPT_RECEIVED", "RECEIPT_RECEIVED");
    }

    @Test
    void unreachablePeerEndsFailedInTheDeadLetterQueue() {
        pair.toContraCosta().down();
        String id = send();

        await().atMost(Duration.ofSeconds(30)).until(() -> states(id), states -> states.stream().allMatch(DeliveryState.FAILED::equals));

        List<RecipientStatus> recipients = alameda.bean(MessageTracker.class).find(id).orElseThrow().recipients();
        assertThat(recipients).allSatisfy(recipient -> assertThat(recipient.reasonCode()).isEqualTo("PEER_UNAVAILABLE"));
        assertThat(events(id)).endsWith("DELIVERY_FAILED", "DELIVERY_FAILED");
        assertThat(deadLetters(id)).hasSize(1);
    }

    private String send() {
        String id = Messages.newId();
        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json",
                Messages.withId("valid.json", id).getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return id;
    }

    private List<DeliveryState> states(String id) {
        return alameda.bean(MessageTracker.class).find(id).orElseThrow().recipients().stream()
                .map(RecipientStatus::state)
                .toList();
    }

    private List<String> events(String id) {
        return alameda.bean(Ledger.class).entriesFor(id).stream().map(entry -> entry.event().name()).toList();
    }

    private List<Message> deadLetters(String id) {
        JmsTemplate jms = alameda.bean(JmsTemplate.class);
        return jms.browseSelected("gateway.outbound.dead", Headers.MESSAGE_ID + " = '" + id + "'", (session, browser) -> {
            List<Message> messages = new ArrayList<>();
            Enumeration<?> waiting = browser.getEnumeration();
            while (waiting.hasMoreElements()) {
                messages.add((Message) waiting.nextElement());
            }
            return messages;
        });
    }
}
