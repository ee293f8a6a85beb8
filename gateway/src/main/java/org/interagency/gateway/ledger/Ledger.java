package org.interagency.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail of this gateway. Each entry's hash covers its
 * fields and the previous entry's hash (SHA-256), starting from 64 zeros.
 */
public class Ledger {

    /** Hash that the first entry chains to. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private static final int MAX_APPEND_ATTEMPTS = 5;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String gateway;
    private final Clock clock;
    private final SubjectPseudonym pseudonym;

    /** Creates a ledger that records no subject pseudonym of its own. */
    public Ledger(JdbcClient jdbc, PlatformTransactionManager transactionManager, String gateway, Clock clock) {
        this(jdbc, transactionManager, gateway, clock, null);
    }

    /** Creates a ledger whose {@link #subjectOf} uses {@code pseudonym}, which may be null. */
    public Ledger(JdbcClient jdbc, PlatformTransactionManager transactionManager, String gateway, Clock clock,
            SubjectPseudonym pseudonym) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.gateway = gateway;
        this.clock = clock;
        this.pseudonym = pseudonym;
    }

    /** Returns the id of the gateway whose ledger this is. */
    public String gateway() {
        return gateway;
    }

    /**
     * Returns the pseudonym of the youth a message Bundle is about, or null when the youth has
     * no identifier or this ledger has no pseudonym key.
     */
    public String subjectOf(Bundle message) {
        return pseudonym == null ? null : pseudonym.ofMessage(message);
    }

    /**
     * Appends one entry and returns it with its sequence number and hash. Each append reads
     * the chain head and inserts the next row in a transaction of its own that commits before
     * the lock is released, so the next append sees the new head. The primary key on the
     * sequence number stops a second writer (another instance on the same database) from
     * forking the chain: on a collision the append reads the new head and tries again.
     */
    public synchronized LedgerEntry append(LedgerRecord record) {
        for (int attempt = 1; ; attempt++) {
            try {
                LedgerEntry entry = transactions.execute(status -> insertAfterHead(record));
                log.info("ledger seq={} event={} messageId={} type={} sender={} recipient={} decision={} reason={}",
                        entry.seq(), entry.event(), entry.messageId(), entry.exchangeType(), entry.senderAgency(),
                        entry.recipientAgency(), entry.decision(), entry.reasonCode());
                return entry;
            } catch (DuplicateKeyException e) {
                if (attempt == MAX_APPEND_ATTEMPTS) {
                    throw new GatewayException(ErrorCode.INTERNAL, "ledger append of " + record.event() + " for message "
                            + record.messageId() + " collided " + attempt + " times with another writer", e);
                }
            }
        }
    }

    private LedgerEntry insertAfterHead(LedgerRecord given) {
        LedgerRecord record = withEarlierContext(given);
        LedgerEntry head = head();
        long seq = head == null ? 1 : head.seq() + 1;
        String previousHash = head == null ? GENESIS_HASH : head.entryHash();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        LedgerEntry draft = new LedgerEntry(seq, now, gateway, record.event(), record.messageId(), record.exchangeType(),
                record.senderAgency(), record.recipientAgency(), record.decision(), record.reasonCode(),
                record.mouClause(), record.payloadDigest(), record.actor(), record.consentIds(), record.subjectPseudonym(),
                record.purpose(), previousHash, null);
        LedgerEntry entry = withHash(draft, hash(draft));

        insert(entry);
        return entry;
    }

    /**
     * Completes a record about a message with what its first steps recorded, so that every
     * entry of the message names the youth and the MOU clause. The subject pseudonym comes from
     * the message's earlier entries, and the clause from an earlier entry for the same recipient.
     */
    private LedgerRecord withEarlierContext(LedgerRecord record) {
        if (record.messageId() == null) {
            return record;
        }
        LedgerRecord completed = record;
        if (record.subjectPseudonym() == null) {
            String subject = jdbc.sql("SELECT subject_pseudonym FROM ledger_entry WHERE message_id = ? "
                            + "AND subject_pseudonym IS NOT NULL ORDER BY seq LIMIT 1")
                    .param(record.messageId())
                    .query(String.class)
                    .optional()
                    .orElse(null);
            completed = completed.withSubject(subject);
        }
        if (record.mouClause() == null && record.recipientAgency() != null) {
            String clause = jdbc.sql("SELECT mou_clause FROM ledger_entry WHERE message_id = ? AND recipient_agency = ? "
                            + "AND mou_clause IS NOT NULL ORDER BY seq LIMIT 1")
                    .params(record.messageId(), record.recipientAgency())
                    .query(String.class)
                    .optional()
                    .orElse(null);
            completed = completed.withMouClause(clause);
        }
        return completed;
    }

    /** Returns the entries about one message, in order. */
    public List<LedgerEntry> entriesFor(String messageId) {
        return jdbc.sql("SELECT * FROM ledger_entry WHERE message_id = ? ORDER BY seq")
                .param(messageId)
                .query(Ledger::map)
                .list();
    }

    /** Returns every entry from {@code fromSeq} on, in order, at most {@code limit}. */
    public List<LedgerEntry> entriesFrom(long fromSeq, int limit) {
        return jdbc.sql("SELECT * FROM ledger_entry WHERE seq >= ? ORDER BY seq LIMIT ?")
                .param(fromSeq)
                .param(limit)
                .query(Ledger::map)
                .list();
    }

    /**
     * Recomputes the chain and returns the first entry whose hash or link is wrong, or -1 when
     * the whole chain holds.
     */
    public long firstBrokenEntry() {
        String previous = GENESIS_HASH;
        long expectedSeq = 1;
        for (LedgerEntry entry : entriesFrom(1, Integer.MAX_VALUE)) {
            if (entry.seq() != expectedSeq || !entry.previousHash().equals(previous)
                    || !entry.entryHash().equals(hash(entry))) {
                return entry.seq();
            }
            previous = entry.entryHash();
            expectedSeq++;
        }
        return -1;
    }

    /** Returns the latest entry, or null when the ledger is empty. */
    public LedgerEntry head() {
        return jdbc.sql("SELECT * FROM ledger_entry ORDER BY seq DESC LIMIT 1")
                .query(Ledger::map)
                .optional()
                .orElse(null);
    }

    private void insert(LedgerEntry entry) {
        jdbc.sql("""
                INSERT INTO ledger_entry (seq, recorded_at, gateway, event, message_id, exchange_type, sender_agency,
                    recipient_agency, decision, reason_code, mou_clause, payload_digest, actor, consent_ids,
                    subject_pseudonym, purpose, previous_hash, entry_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(entry.seq(), OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC), entry.gateway(), entry.event().name(),
                        entry.messageId(), entry.exchangeType(), entry.senderAgency(), entry.recipientAgency(),
                        entry.decision().name(), entry.reasonCode(), entry.mouClause(), entry.payloadDigest(),
                        entry.actor(), entry.consentIds(), entry.subjectPseudonym(), entry.purpose(),
                        entry.previousHash(), entry.entryHash())
                .update();
    }

    /** Returns the entry with sequence number {@code seq}, if there is one. */
    public java.util.Optional<LedgerEntry> entry(long seq) {
        return jdbc.sql("SELECT * FROM ledger_entry WHERE seq = ?").param(seq).query(Ledger::map).optional();
    }

    /** Returns the SHA-256 hash, in lowercase hex, that {@code entry} must carry. */
    public static String hash(LedgerEntry entry) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(entry.canonicalForm().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", e);
        }
    }

    private static LedgerEntry withHash(LedgerEntry e, String hash) {
        return new LedgerEntry(e.seq(), e.recordedAt(), e.gateway(), e.event(), e.messageId(), e.exchangeType(),
                e.senderAgency(), e.recipientAgency(), e.decision(), e.reasonCode(), e.mouClause(), e.payloadDigest(),
                e.actor(), e.consentIds(), e.subjectPseudonym(), e.purpose(), e.previousHash(), hash);
    }

    /** Maps a {@code SELECT *} row of {@code ledger_entry}. */
    public static LedgerEntry map(ResultSet row, int rowNumber) throws SQLException {
        return new LedgerEntry(row.getLong("seq"), row.getObject("recorded_at", OffsetDateTime.class).toInstant(), row.getString("gateway"),
                LedgerEvent.valueOf(row.getString("event")), row.getString("message_id"), row.getString("exchange_type"),
                row.getString("sender_agency"), row.getString("recipient_agency"),
                Decision.valueOf(row.getString("decision")), row.getString("reason_code"), row.getString("mou_clause"),
                row.getString("payload_digest"), row.getString("actor"), row.getString("consent_ids"),
                row.getString("subject_pseudonym"), row.getString("purpose"), row.getString("previous_hash"),
                row.getString("entry_hash"));
    }
}
