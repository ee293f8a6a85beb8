package org.interagency.gateway.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.interagency.gateway.ledger.PayloadDigest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The envelopes as this gateway sent or received them, kept for evidence packages until the
 * retention purge deletes them. An envelope is encrypted to the receiving gateway, so the
 * sending gateway's copy cannot be read by it, but the receiver's copy can: both count as
 * payloads for retention.
 */
public class EnvelopeArchive {

    /** Direction of a stored envelope. */
    public enum Direction {
        SENT, RECEIVED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One stored envelope; {@code envelope} is null once purged. */
    public record Stored(String messageId, String county, Direction direction, String envelopeDigest, byte[] envelope) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public EnvelopeArchive(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores an envelope of {@code messageId} exchanged with {@code county}. A second store of
     * the same message, county and direction (a redelivery) keeps the first.
     */
    public void store(String messageId, String county, Direction direction, byte[] envelope) {
        try {
            jdbc.sql("INSERT INTO message_envelope (message_id, county, direction, envelope_digest, envelope, stored_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(messageId, county, direction.code(), PayloadDigest.of(envelope),
                            Base64.getEncoder().encodeToString(envelope), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            // The same message again: the envelope first stored stays the evidence.
        }
    }

    /** Returns the envelopes stored for {@code messageId}. */
    public List<Stored> find(String messageId) {
        return jdbc.sql("SELECT message_id, county, direction, envelope_digest, envelope FROM message_envelope "
                        + "WHERE message_id = ? ORDER BY direction, county")
                .param(messageId)
                .query((row, n) -> new Stored(row.getString(1), row.getString(2),
                        Direction.valueOf(row.getString(3).toUpperCase(java.util.Locale.ROOT)), row.getString(4),
                        row.getString(5) == null ? null : Base64.getDecoder().decode(row.getString(5))))
                .list();
    }
}
