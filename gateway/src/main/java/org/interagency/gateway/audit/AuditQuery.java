package org.interagency.gateway.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Filters over the ledger, as the compliance API and the export commands take them. Every
 * filter is optional; {@code from} is inclusive and {@code to} exclusive.
 *
 * @param agency matches the sender or the recipient agency
 * @param mou an MOU id, matching the entries whose clause belongs to that MOU
 * @param subject a subject pseudonym
 * @param events the events to include; empty for all
 */
public record AuditQuery(Instant from, Instant to, String agency, String exchangeType, Decision decision, String mou,
        String messageId, String subject, List<LedgerEvent> events) {

    /** The events that disclose a message about a youth to another agency or county. */
    public static final List<LedgerEvent> DISCLOSURES = List.of(LedgerEvent.ACCEPTED, LedgerEvent.SENT,
            LedgerEvent.DELIVERED, LedgerEvent.ACKNOWLEDGED, LedgerEvent.AUTOMATIC_REFERRAL);

    /**
     * Checks the range, because a reversed one matches nothing and would read as a period
     * without activity.
     *
     * @throws GatewayException INVALID_PARAMETER if {@code to} lies before {@code from}
     */
    public AuditQuery {
        if (from != null && to != null && to.isBefore(from)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "the range ends (" + to + ") before it starts ("
                    + from + "); give the earlier time as from and the later as to");
        }
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Returns a query without filters. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, List.of());
    }

    /** Returns this query limited to the time range. */
    public AuditQuery between(Instant start, Instant end) {
        return new AuditQuery(start, end, agency, exchangeType, decision, mou, messageId, subject, events);
    }

    /** Returns up to {@code count} matching entries from the {@code offset}-th on, oldest first. */
    public List<LedgerEntry> page(JdbcClient jdbc, int offset, int count) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT * FROM ledger_entry" + where(params) + " ORDER BY seq LIMIT ? OFFSET ?";
        params.add(count);
        params.add(offset);
        return jdbc.sql(sql).params(params).query(Ledger::map).list();
    }

    /** Returns the number of matching entries. */
    public long count(JdbcClient jdbc) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("SELECT COUNT(*) FROM ledger_entry" + where(params)).params(params).query(Long.class).single();
    }

    /** Passes every matching entry to {@code sink}, oldest first, reading a page at a time. */
    public void forEach(JdbcClient jdbc, Consumer<LedgerEntry> sink) {
        int offset = 0;
        while (true) {
            List<LedgerEntry> page = page(jdbc, offset, 1000);
            page.forEach(sink);
            if (page.size() < 1000) {
                return;
            }
            offset += page.size();
        }
    }

    private String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add("recorded_at >= ?");
            params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            conditions.add("recorded_at < ?");
            params.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        if (agency != null) {
            conditions.add("(sender_agency = ? OR recipient_agency = ?)");
            params.add(agency);
            params.add(agency);
        }
        if (exchangeType != null) {
            conditions.add("exchange_type = ?");
            params.add(exchangeType);
        }
        if (decision != null) {
            conditions.add("decision = ?");
            params.add(decision.name());
        }
        if (mou != null) {
            // Clauses are named <mou-id>/v<version>#<clause-id>, and MOU ids hold no LIKE wildcard.
            conditions.add("mou_clause LIKE ?");
            params.add(mou + "/%");
        }
        if (messageId != null) {
            conditions.add("message_id = ?");
            params.add(messageId);
        }
        if (subject != null) {
            conditions.add("subject_pseudonym = ?");
            params.add(subject);
        }
        if (!events.isEmpty()) {
            conditions.add("event IN (" + String.join(", ", events.stream().map(e -> "?").toList()) + ")");
            events.forEach(event -> params.add(event.name()));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
