package org.interagency.gateway.intake;

import java.time.Instant;
import java.util.List;
import org.interagency.gateway.tracking.OutboundMessage;
import org.interagency.gateway.tracking.RecipientStatus;

/** The JSON answer of {@code GET /api/v1/messages/{id}}. */
public record MessageStatusView(String messageId, String exchangeType, String sender, Instant acceptedAt,
        List<Recipient> recipients) {

    /** The state for one recipient agency; {@code reasonCode} and {@code reason} are set when FAILED. */
    public record Recipient(String agency, String county, String status, String reasonCode, String reason,
            Instant updatedAt) {
    }

    static MessageStatusView of(OutboundMessage message) {
        List<Recipient> recipients = message.recipients().stream()
                .map(MessageStatusView::recipient)
                .toList();
        return new MessageStatusView(message.messageId(), message.exchangeType(), message.senderAgency(),
                message.acceptedAt(), recipients);
    }

    private static Recipient recipient(RecipientStatus status) {
        return new Recipient(status.recipientAgency(), status.recipientCounty(), status.state().name().toLowerCase(),
                status.reasonCode(), status.reason(), status.updatedAt());
    }
}
