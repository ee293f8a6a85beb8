package org.interagency.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;

class MessageTrackerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final Agency CONTRA_COSTA_PROBATION =
            new Agency("contra-costa.probation", "Probation", "probation", "contra-costa", true);
    private static final Agency CONTRA_COSTA_WELFARE =
            new Agency("contra-costa.child-welfare", "Child welfare", "child-welfare", "contra-costa", true);
    private static final Agency MARIN_PROBATION = new Agency("marin.probation", "Probation", "probation", "marin", true);

    private final MessageTracker tracker = new MessageTracker(MigratedDatabase.create(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptStoresMessageWithAcceptedRecipients() {
        tracker.accept("msg-1", "detention-notice", "alameda.juvenile-hall", "sha256:00",
                List.of(CONTRA_COSTA_PROBATION, MARIN_PROBATION));

        OutboundMessage message = tracker.find("msg-1").orElseThrow();

        assertThat(message.exchangeType()).isEqualTo("detention-notice");
        assertThat(message.senderAgency()).isEqualTo("alameda.juvenile-hall");
        assertThat(message.payloadDigest()).isEqualTo("sha256:00");
        assertThat(message.acceptedAt()).isEqualTo(NOW);
        assertThat(states("msg-1")).containsExactly(
                Map.entry("contra-costa.probation", DeliveryState.ACCEPTED),
                Map.entry("marin.probation", DeliveryState.ACCEPTED));
        assertThat(message.recipients()).extracting(RecipientStatus::recipientCounty)
                .containsExactly("contra-costa", "marin");
    }

    @Test
    void acceptTwiceIsDuplicateMessage() {
        accept("msg-1");

        assertThatThrownBy(() -> accept("msg-1"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_MESSAGE))
                .hasMessageContaining("msg-1");
    }

    @Test
    void findUnknownMessageIsEmpty() {
        assertThat(tracker.find("msg-unknown")).isEmpty();
    }

    @Test
    void advanceNeverMovesBackwards() {
        accept("msg-1");

        tracker.advance("msg-1", "contra-costa", DeliveryState.SENT, null, null);
        tracker.advance("msg-1", "contra-costa", DeliveryState.DELIVERED, null, null);
        tracker.advance("msg-1", "contra-costa", DeliveryState.SENT, null, null);

        assertThat(states("msg-1")).containsEntry("contra-costa.probation", DeliveryState.DELIVERED);
        assertThat(states("msg-1")).containsEntry("contra-costa.child-welfare", DeliveryState.DELIVERED);
    }

    @Test
    void failedIsTerminal() {
        accept("msg-1");

        tracker.advance("msg-1", "contra-costa", DeliveryState.FAILED, ErrorCode.PEER_REJECTED, "rejected by peer");
        tracker.advance("msg-1", "contra-costa", DeliveryState.DELIVERED, null, null);

        RecipientStatus status = recipient("msg-1", "contra-costa.probation");
        assertThat(status.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(status.reasonCode()).isEqualTo("PEER_REJECTED");
        assertThat(status.reason()).isEqualTo("rejected by peer");
    }

    @Test
    void advanceMovesOnlyTheNamedCounty() {
        tracker.accept("msg-1", "detention-notice", "alameda.juvenile-hall", "sha256:00",
                List.of(CONTRA_COSTA_PROBATION, MARIN_PROBATION));

        tracker.advance("msg-1", "marin", DeliveryState.SENT, null, null);

        assertThat(states("msg-1")).containsEntry("marin.probation", DeliveryState.SENT);
        assertThat(states("msg-1")).containsEntry("contra-costa.probation", DeliveryState.ACCEPTED);
    }

    @Test
    void advanceRecipientMovesOneAgency() {
        accept("msg-1");
        tracker.advance("msg-1", "contra-costa", DeliveryState.RECEIPTED, null, null);

        tracker.advanceRecipient("msg-1", "contra-costa.child-welfare", DeliveryState.ACKNOWLEDGED);

        assertThat(states("msg-1")).containsEntry("contra-costa.child-welfare", DeliveryState.ACKNOWLEDGED);
        assertThat(states("msg-1")).containsEntry("contra-costa.probation", DeliveryState.RECEIPTED);
    }

    @Test
    void advanceRecipientNeverMovesBackwards() {
        accept("msg-1");
        tracker.advanceRecipient("msg-1", "contra-costa.probation", DeliveryState.ACKNOWLEDGED);

        tracker.advanceRecipient("msg-1", "contra-costa.probation", DeliveryState.RECEIPTED);

        assertThat(states("msg-1")).containsEntry("contra-costa.probation", DeliveryState.ACKNOWLEDGED);
    }

    @Test
    void storedReceiptReadsBack() {
        byte[] signed = "signed receipt bytes".getBytes(StandardCharsets.US_ASCII);

        tracker.storeReceipt("msg-1", "contra-costa", "delivered", signed);

        assertThat(tracker.receipt("msg-1", "contra-costa", "delivered")).hasValueSatisfying(
                stored -> assertThat(stored).isEqualTo(signed));
        assertThat(tracker.receipt("msg-1", "contra-costa", "acknowledged:contra-costa.probation")).isEmpty();
        assertThat(tracker.receipt("msg-1", "marin", "delivered")).isEmpty();
    }

    @Test
    void storeReceiptReplacesEarlierOne() {
        tracker.storeReceipt("msg-1", "contra-costa", "delivered", new byte[] {1});

        tracker.storeReceipt("msg-1", "contra-costa", "delivered", new byte[] {2});

        assertThat(tracker.receipt("msg-1", "contra-costa", "delivered")).hasValueSatisfying(
                stored -> assertThat(stored).containsExactly(2));
    }

    private void accept(String messageId) {
        tracker.accept(messageId, "detention-notice", "alameda.juvenile-hall", "sha256:00",
                List.of(CONTRA_COSTA_PROBATION, CONTRA_COSTA_WELFARE));
    }

    private Map<String, DeliveryState> states(String messageId) {
        return tracker.find(messageId).orElseThrow().recipients().stream()
                .collect(Collectors.toMap(RecipientStatus::recipientAgency, RecipientStatus::state,
                        (first, second) -> first, LinkedHashMap::new));
    }

    private RecipientStatus recipient(String messageId, String agency) {
        return tracker.find(messageId).orElseThrow().recipients().stream()
                .filter(status -> status.recipientAgency().equals(agency))
                .findFirst()
                .orElseThrow();
    }
}
