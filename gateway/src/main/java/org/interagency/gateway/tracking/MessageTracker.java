package org.interagency.gateway.tracking;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.interagency.gateway.audit.EnvelopeArchive;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/** Stores the messages this gateway accepted, their state per recipient and the receipts received. */
public class MessageTracker {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EnvelopeArchive envelopes;

    public MessageTracker(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.envelopes = new EnvelopeArchive(jdbc, clock);
    }

    /** Keeps the envelope of {@code messageId} sent to {@code county}, as evidence until its retention ends. */
    public void archiveEnvelope(String messageId, String county, byte[] envelope) {
        envelopes.store(messageId, county, EnvelopeArchive.Direction.SENT, envelope);
    }

    /**
     * Records an accepted message with state ACCEPTED for each recipient.
     *
     * @throws GatewayException DUPLICATE_MESSAGE if the MessageHeader id was accepted before
     */
    @Transactional
    public void accept(String messageId, String exchangeType, String senderAgency, String payloadDigest,
            List<Agency> recipients) {
        OffsetDateTime now = now();
        try {
            jdbc.sql("INSERT INTO outbound_message (message_id, exchange_type, sender_agency, payload_digest, accepted_at) VALUES (?, ?, ?, ?, ?)")
                    .params(messageId, exchangeType, senderAgency, payloadDigest, now)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new GatewayException(ErrorCode.DUPLICATE_MESSAGE, "message " + messageId
                    + " was already accepted; give each message a new MessageHeader id");
        }
        for (Agency recipient : recipients) {
            jdbc.sql("INSERT INTO delivery_status (message_id, recipient_agency, recipient_county, status, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(messageId, recipient.id(), recipient.county(), DeliveryState.ACCEPTED.name(), now)
                    .update();
        }
    }

    /**
     * Moves every recipient of {@code messageId} in {@code county} to {@code state}, unless a
     * recipient is already further along (a late retry must not turn DELIVERED back into SENT).
     */
    public void advance(String messageId, String county, DeliveryState state, ErrorCode reasonCode, String reason) {
        for (RecipientStatus recipient : recipients(messageId)) {
            if (recipient.recipientCounty().equals(county) && recipient.state().precedes(state)) {
                jdbc.sql("UPDATE delivery_status SET status = ?, reason_code = ?, reason = ?, updated_at = ? WHERE message_id = ? AND recipient_agency = ?")
                        .params(state.name(), reasonCode == null ? null : reasonCode.name(), reason, now(), messageId,
                                recipient.recipientAgency())
                        .update();
            }
        }
    }

    /**
     * Moves the FAILED recipients of {@code messageId} in {@code county} (every county when null)
     * back to {@code state} and clears the reason, because an administrator resent the message.
     */
    public void reopen(String messageId, String county, DeliveryState state) {
        for (RecipientStatus recipient : recipients(messageId)) {
            if (recipient.state() == DeliveryState.FAILED && (county == null || recipient.recipientCounty().equals(county))) {
                jdbc.sql("UPDATE delivery_status SET status = ?, reason_code = NULL, reason = NULL, updated_at = ? WHERE message_id = ? AND recipient_agency = ?")
                        .params(state.name(), now(), messageId, recipient.recipientAgency())
                        .update();
            }
        }
    }

    /** Moves one recipient agency of {@code messageId} to {@code state} if that keeps the order. */
    public void advanceRecipient(String messageId, String recipientAgency, DeliveryState state) {
        recipients(messageId).stream()
                .filter(recipient -> recipient.recipientAgency().equals(recipientAgency) && recipient.state().precedes(state))
                .forEach(recipient -> jdbc.sql("UPDATE delivery_status SET status = ?, updated_at = ? WHERE message_id = ? AND recipient_agency = ?")
                        .params(state.name(), now(), messageId, recipientAgency)
                        .update());
    }

    /** Marks one recipient agency of {@code messageId} failed with the reason, unless it is already further along. */
    public void failRecipient(String messageId, String recipientAgency, ErrorCode reasonCode, String reason) {
        recipients(messageId).stream()
                .filter(recipient -> recipient.recipientAgency().equals(recipientAgency)
                        && recipient.state().precedes(DeliveryState.FAILED))
                .forEach(recipient -> jdbc.sql("UPDATE delivery_status SET status = ?, reason_code = ?, reason = ?, updated_at = ? WHERE message_id = ? AND recipient_agency = ?")
                        .params(DeliveryState.FAILED.name(), reasonCode.name(), reason, now(), messageId, recipientAgency)
                        .update());
    }

    /** Stores a verified receipt as sent by the peer, so it can be shown to an auditor later. */
    public void storeReceipt(String messageId, String county, String kind, byte[] signedReceipt) {
        jdbc.sql("DELETE FROM receipt WHERE message_id = ? AND county = ? AND kind = ?")
                .params(messageId, county, kind)
                .update();
        jdbc.sql("INSERT INTO receipt (message_id, county, kind, signed_receipt, received_at) VALUES (?, ?, ?, ?, ?)")
                .params(messageId, county, kind, Base64.getEncoder().encodeToString(signedReceipt), now())
                .update();
    }

    /** Returns the stored receipt of {@code kind} from {@code county} for a message, if any. */
    public Optional<byte[]> receipt(String messageId, String county, String kind) {
        return jdbc.sql("SELECT signed_receipt FROM receipt WHERE message_id = ? AND county = ? AND kind = ?")
                .params(messageId, county, kind)
                .query(String.class)
                .optional()
                .map(Base64.getDecoder()::decode);
    }

    /** Returns the accepted message with its recipients, if this gateway accepted it. */
    public Optional<OutboundMessage> find(String messageId) {
        return jdbc.sql("SELECT * FROM outbound_message WHERE message_id = ?")
                .param(messageId)
                .query((row, n) -> new OutboundMessage(row.getString("message_id"), row.getString("exchange_type"),
                        row.getString("sender_agency"), row.getString("payload_digest"),
                        row.getObject("accepted_at", OffsetDateTime.class).toInstant(), recipients(messageId)))
                .optional();
    }

    private List<RecipientStatus> recipients(String messageId) {
        return jdbc.sql("SELECT * FROM delivery_status WHERE message_id = ? ORDER BY recipient_agency")
                .param(messageId)
                .query((row, n) -> new RecipientStatus(row.getString("recipient_agency"), row.getString("recipient_county"),
                        DeliveryState.valueOf(row.getString("status")), row.getString("reason_code"),
                        row.getString("reason"), row.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
