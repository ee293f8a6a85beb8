package org.interagency.gateway.audit;

import jakarta.jms.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.inbox.Inbox;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes payloads whose retention ended: messages still waiting in an inbox queue, and the
 * archived envelopes. The retention is the row's {@code retain_until} when a policy set one,
 * otherwise {@code gateway.retention.default-days} from when the payload was stored. Each
 * deletion is a {@code PAYLOAD_PURGED} ledger entry; the ledger entries themselves are kept.
 * Bean {@code retentionPurge}, called by route {@code retention-purge}.
 */
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final JmsTemplate receiver;
    private final Ledger ledger;
    private final Clock clock;
    private final Duration defaultRetention;

    public RetentionPurge(JdbcClient jdbc, JmsTemplate jms, Ledger ledger, Clock clock, int defaultDays) {
        this.jdbc = jdbc;
        this.receiver = new JmsTemplate(jms.getConnectionFactory());
        this.receiver.setReceiveTimeout(RECEIVE_TIMEOUT.toMillis());
        this.ledger = ledger;
        this.clock = clock;
        this.defaultRetention = Duration.ofDays(defaultDays);
    }

    /**
     * Deletes every expired payload and returns how many were deleted. Failures are logged, not
     * thrown, because the timer route has no caller to report to; the next run tries again.
     */
    public int purgeExpired() {
        try {
            return purgeExpiredAt(clock.instant());
        } catch (DataAccessException | JmsException e) {
            log.error("retention purge failed; it runs again at the next tick: {}", e.getMessage());
            return 0;
        }
    }

    private int purgeExpiredAt(Instant now) {
        OffsetDateTime nowUtc = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime defaultCutoff = OffsetDateTime.ofInstant(now.minus(defaultRetention), ZoneOffset.UTC);

        int purged = purgeInboxes(nowUtc, defaultCutoff) + purgeEnvelopes(nowUtc, defaultCutoff);

        if (purged > 0) {
            log.info("retention purge deleted {} payloads", purged);
        }
        return purged;
    }

    private int purgeInboxes(OffsetDateTime now, OffsetDateTime defaultCutoff) {
        List<InboxRow> expired = jdbc.sql("""
                SELECT message_id, recipient_agency, sender_agency, exchange_type FROM inbox_entry
                WHERE acknowledged_at IS NULL AND purged_at IS NULL
                  AND ((retain_until IS NOT NULL AND retain_until < ?) OR (retain_until IS NULL AND received_at < ?))""")
                .params(now, defaultCutoff)
                .query((row, n) -> new InboxRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4)))
                .list();
        for (InboxRow row : expired) {
            Message removed = receiver.receiveSelected(Inbox.QUEUE_PREFIX + row.recipient(),
                    Headers.MESSAGE_ID + " = '" + row.messageId() + "'");
            jdbc.sql("UPDATE inbox_entry SET purged_at = ? WHERE message_id = ? AND recipient_agency = ?")
                    .params(now, row.messageId(), row.recipient())
                    .update();
            ledger.append(LedgerRecord.of(LedgerEvent.PAYLOAD_PURGED, Decision.PERMIT)
                    .withMessage(row.messageId(), row.exchangeType())
                    .withAgencies(row.sender(), row.recipient())
                    .withReason(removed == null ? "NOT_IN_QUEUE" : "RETENTION_ENDED"));
        }
        return expired.size();
    }

    private int purgeEnvelopes(OffsetDateTime now, OffsetDateTime defaultCutoff) {
        List<EnvelopeRow> expired = jdbc.sql("""
                SELECT message_id, county, direction, envelope_digest FROM message_envelope
                WHERE purged_at IS NULL
                  AND ((retain_until IS NOT NULL AND retain_until < ?) OR (retain_until IS NULL AND stored_at < ?))""")
                .params(now, defaultCutoff)
                .query((row, n) -> new EnvelopeRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4)))
                .list();
        for (EnvelopeRow row : expired) {
            jdbc.sql("UPDATE message_envelope SET envelope = NULL, purged_at = ? WHERE message_id = ? AND county = ? AND direction = ?")
                    .params(now, row.messageId(), row.county(), row.direction())
                    .update();
            ledger.append(LedgerRecord.of(LedgerEvent.PAYLOAD_PURGED, Decision.PERMIT)
                    .withMessage(row.messageId(), null)
                    .withReason("RETENTION_ENDED")
                    .withDigest(row.digest())
                    .withActor("envelope " + row.direction() + " " + row.county()));
        }
        return expired.size();
    }

    private record InboxRow(String messageId, String recipient, String sender, String exchangeType) {
    }

    private record EnvelopeRow(String messageId, String county, String direction, String digest) {
    }
}
