package org.interagency.gateway.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.interagency.gateway.audit.EnvelopeArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Messages this gateway opened, kept for replay detection: a message id is opened once, and a
 * repeated delivery of the very same envelope (a sender that lost our response) gets the same
 * receipt again instead of a second inbox entry. Rows are kept for the retention only:
 * {@link Opening} refuses messages older than the time window, so an id whose row was purged
 * cannot be replayed. Bean {@code openedMessageStore}.
 */
public class OpenedMessageStore {

    private static final Logger log = LoggerFactory.getLogger(OpenedMessageStore.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;
    private final EnvelopeArchive envelopes;

    /**
     * @param retention how long a row stays after opening; at least the time window of
     *     {@code gateway.binding.*} (see {@code GatewayProperties.Binding#replayRetention})
     */
    public OpenedMessageStore(JdbcClient jdbc, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.envelopes = new EnvelopeArchive(jdbc, clock);
    }

    /** Keeps the envelope of {@code messageId} received from {@code county}, as evidence until its retention ends. */
    public void archiveEnvelope(String messageId, String county, byte[] envelope) {
        envelopes.store(messageId, county, EnvelopeArchive.Direction.RECEIVED, envelope);
    }

    /** Returns the envelope digest stored for {@code messageId}, if it was opened before. */
    public Optional<String> envelopeDigest(String messageId) {
        return jdbc.sql("SELECT envelope_digest FROM opened_message WHERE message_id = ?")
                .param(messageId)
                .query(String.class)
                .optional();
    }

    /** Returns the receipt given for the envelope with this digest, if it was opened before. */
    public Optional<byte[]> receiptForEnvelope(String envelopeDigest) {
        return jdbc.sql("SELECT signed_receipt FROM opened_message WHERE envelope_digest = ?")
                .param(envelopeDigest)
                .query(String.class)
                .optional()
                .map(Base64.getDecoder()::decode);
    }

    /** Records an opened message with the receipt this gateway responded with. */
    public void record(String messageId, String exchangeType, String senderAgency, String senderCounty,
            String envelopeDigest, byte[] receipt) {
        jdbc.sql("""
                INSERT INTO opened_message (message_id, exchange_type, sender_agency, sender_county, envelope_digest,
                    signed_receipt, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(messageId, exchangeType, senderAgency, senderCounty, envelopeDigest,
                        Base64.getEncoder().encodeToString(receipt), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    /** Returns the county whose gateway sent {@code messageId}, if this gateway opened it. */
    public Optional<String> senderCounty(String messageId) {
        return jdbc.sql("SELECT sender_county FROM opened_message WHERE message_id = ?")
                .param(messageId)
                .query(String.class)
                .optional();
    }

    /**
     * Deletes the rows opened longer than the retention ago and returns how many. Route
     * {@code replay-store-purge} calls it on a timer.
     */
    public int purgeExpired() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC);
        int deleted = jdbc.sql("DELETE FROM opened_message WHERE opened_at < ?").param(cutoff).update();
        if (deleted > 0) {
            log.info("purged {} opened message ids older than {} from the replay store", deleted, cutoff);
        }
        return deleted;
    }
}
