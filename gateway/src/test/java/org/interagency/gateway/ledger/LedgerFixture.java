package org.interagency.gateway.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.pki.DevPki;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * An alameda ledger on a migrated database, with the signatures of a development PKI, so that
 * tests can make checkpoints, have contra-costa acknowledge them, and then tamper with rows.
 */
final class LedgerFixture {

    private static Path pki;

    final JdbcClient jdbc;
    final Ledger ledger;
    final CheckpointStore checkpoints;
    final CheckpointSignatures signatures;
    final LedgerVerifier verifier;

    LedgerFixture(DataSource dataSource) throws Exception {
        this.jdbc = JdbcClient.create(dataSource);
        this.ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda", Clock.systemUTC());
        this.checkpoints = new CheckpointStore(jdbc);
        this.signatures = new CheckpointSignatures(new SignedContent(),
                KeyMaterial.readCertificates(pki().resolve("root-ca.crt")));
        this.verifier = new LedgerVerifier(ledger, checkpoints, signatures);
    }

    /** Returns a development PKI shared by the tests of this JVM. */
    static synchronized Path pki() throws Exception {
        if (pki == null) {
            Path dir = Files.createTempDirectory("ledger-pki");
            Map<String, List<String>> agencies = new LinkedHashMap<>();
            agencies.put("alameda", List.of("alameda.juvenile-hall"));
            agencies.put("contra-costa", List.of("contra-costa.probation"));
            DevPki.create(dir, agencies, false);
            pki = dir;
        }
        return pki;
    }

    static SigningIdentity gatewayKey(String county) throws Exception {
        return KeyMaterial.loadSigningIdentity(pki().resolve(county).resolve("gateway-signing.p12"),
                DevPki.PASSWORD.toCharArray());
    }

    /** Appends {@code count} accepted entries of one message. */
    List<LedgerEntry> append(int count) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT)
                    .withMessage("msg-" + i, "detention-notice")
                    .withAgencies("alameda.juvenile-hall", "contra-costa.probation")));
        }
        return entries;
    }

    /** Signs a checkpoint of the current head and stores contra-costa's signed acknowledgement of it. */
    LedgerEntry checkpointWitnessedByContraCosta() throws Exception {
        LedgerEntry head = ledger.head();
        Instant now = Instant.now();
        Checkpoint checkpoint = Checkpoint.of("alameda", head, now);
        byte[] signed = signatures.sign(checkpoint, gatewayKey("alameda"));
        checkpoints.add(new CheckpointStore.Stored(head.seq(), head.entryHash(), now, signed, null),
                List.of("contra-costa"), now);

        CheckpointAcknowledgement acknowledgement = new CheckpointAcknowledgement("contra-costa", "alameda", head.seq(),
                head.entryHash(), PayloadDigest.of(signed), now.toString());
        checkpoints.acknowledge(head.seq(), "contra-costa", signatures.sign(acknowledgement, gatewayKey("contra-costa")), now);
        return head;
    }

    /**
     * Rewrites the ledger from entry {@code seq} on as an attacker with database access would:
     * changes that entry's recipient and recomputes every later hash, so the chain is intact again.
     */
    void rewriteFrom(long seq, String recipient) {
        String previous = ledger.entry(seq - 1).map(LedgerEntry::entryHash).orElse(Ledger.GENESIS_HASH);
        for (LedgerEntry entry : ledger.entriesFrom(seq, Integer.MAX_VALUE)) {
            LedgerEntry changed = new LedgerEntry(entry.seq(), entry.recordedAt(), entry.gateway(), entry.event(),
                    entry.messageId(), entry.exchangeType(), entry.senderAgency(),
                    entry.seq() == seq ? recipient : entry.recipientAgency(), entry.decision(), entry.reasonCode(),
                    entry.mouClause(), entry.payloadDigest(), entry.actor(), entry.consentIds(), entry.subjectPseudonym(),
                    entry.purpose(), previous, null);
            String hash = Ledger.hash(changed);
            jdbc.sql("UPDATE ledger_entry SET recipient_agency = ?, previous_hash = ?, entry_hash = ? WHERE seq = ?")
                    .params(changed.recipientAgency(), previous, hash, entry.seq())
                    .update();
            previous = hash;
        }
    }

    /** Inserts a row as given, with {@code entryHash} as its hash. */
    void insert(LedgerEntry entry, String entryHash) {
        insert(jdbc, entry, entryHash);
    }

    /** Inserts a row into the ledger table of {@code jdbc} as given, bypassing the ledger. */
    static void insert(JdbcClient jdbc, LedgerEntry entry, String entryHash) {
        jdbc.sql("""
                INSERT INTO ledger_entry (seq, recorded_at, gateway, event, message_id, exchange_type, sender_agency,
                    recipient_agency, decision, previous_hash, entry_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(entry.seq(), OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC), entry.gateway(),
                        entry.event().name(), entry.messageId(), entry.exchangeType(), entry.senderAgency(),
                        entry.recipientAgency(), entry.decision().name(), entry.previousHash(), entryHash)
                .update();
    }
}
