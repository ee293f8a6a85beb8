package org.interagency.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.interagency.gateway.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class LedgerTest {

    /** Has nanoseconds, so the tests see whether the stored time still matches the hashed one. */
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private final DataSource dataSource = MigratedDatabase.dataSource();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final Ledger ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void concurrentAppendsKeepOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    ledger.append(accepted("msg-concurrent", "contra-costa.probation"));
                }
            }));
        }
        for (Future<?> done : writers) {
            done.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(ledger.entriesFor("msg-concurrent")).extracting(LedgerEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(ledger.firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void appendNumbersFromOne() {
        LedgerEntry first = ledger.append(accepted("msg-1", "contra-costa.probation"));
        LedgerEntry second = ledger.append(accepted("msg-1", "contra-costa.child-welfare"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
    }

    @Test
    void appendChainsHashesFromGenesis() {
        LedgerEntry first = ledger.append(accepted("msg-1", "contra-costa.probation"));
        LedgerEntry second = ledger.append(accepted("msg-1", "contra-costa.child-welfare"));

        assertThat(first.previousHash()).isEqualTo("0".repeat(64));
        assertThat(first.entryHash()).matches("[0-9a-f]{64}");
        assertThat(first.entryHash()).isEqualTo(Ledger.hash(first));
        assertThat(second.previousHash()).isEqualTo(first.entryHash());
        assertThat(second.entryHash()).isNotEqualTo(first.entryHash());
    }

    @Test
    void appendStoresWhatItReturns() {
        LedgerRecord record = LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY)
                .withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.sheriff")
                .withReason("NO_MOU_CLAUSE")
                .withMouClause("two-county-protocol/v1#detention-notices")
                .withDigest("sha256:" + "ab".repeat(32))
                .withActor("alameda.juvenile-hall");

        LedgerEntry appended = ledger.append(record);

        assertThat(ledger.entriesFor("msg-1")).containsExactly(appended);
        assertThat(appended.recordedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
        assertThat(appended.gateway()).isEqualTo("alameda");
        assertThat(appended.mouClause()).isEqualTo("two-county-protocol/v1#detention-notices");
    }

    @Test
    void entriesForListsOneMessageInOrder() {
        ledger.append(accepted("msg-1", "contra-costa.probation"));
        ledger.append(accepted("msg-2", "contra-costa.probation"));
        ledger.append(LedgerRecord.of(LedgerEvent.SEALED, Decision.PERMIT).withMessage("msg-1", "detention-notice"));

        List<LedgerEntry> entries = ledger.entriesFor("msg-1");

        assertThat(entries).extracting(LedgerEntry::seq).containsExactly(1L, 3L);
        assertThat(entries).extracting(LedgerEntry::event).containsExactly(LedgerEvent.ACCEPTED, LedgerEvent.SEALED);
        assertThat(ledger.entriesFor("msg-3")).isEmpty();
    }

    @Test
    void intactChainHasNoBrokenEntry() {
        appendThree();

        assertThat(ledger.firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void emptyLedgerHasNoBrokenEntry() {
        assertThat(ledger.firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void editedFieldBreaksItsEntry() {
        appendThree();

        jdbc.sql("UPDATE ledger_entry SET recipient_agency = 'contra-costa.sheriff' WHERE seq = 2").update();

        assertThat(ledger.firstBrokenEntry()).isEqualTo(2);
    }

    @Test
    void deletedMiddleEntryBreaksNextEntry() {
        appendThree();

        jdbc.sql("DELETE FROM ledger_entry WHERE seq = 2").update();

        assertThat(ledger.firstBrokenEntry()).isEqualTo(3);
    }

    @Test
    void insertedEntryWithWrongLinkIsFound() {
        List<LedgerEntry> entries = appendThree();
        LedgerEntry forged = new LedgerEntry(4, entries.get(2).recordedAt(), "alameda", LedgerEvent.SENT, "msg-1",
                "detention-notice", "alameda.juvenile-hall", "contra-costa.probation", Decision.PERMIT, null, null, null,
                null, null, null, null, entries.get(0).entryHash(), null);
        String recomputed = Ledger.hash(forged);

        insert(forged, recomputed);

        assertThat(ledger.firstBrokenEntry()).isEqualTo(4);
    }

    @Test
    void swappedEntriesBreakTheFirst() {
        appendThree();

        jdbc.sql("UPDATE ledger_entry SET seq = 0 WHERE seq = 2").update();
        jdbc.sql("UPDATE ledger_entry SET seq = 2 WHERE seq = 3").update();
        jdbc.sql("UPDATE ledger_entry SET seq = 3 WHERE seq = 0").update();

        assertThat(ledger.firstBrokenEntry()).isEqualTo(2);
    }

    @Test
    void payloadDigestIsPrefixedSha256Hex() {
        String digest = PayloadDigest.of("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(digest).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private List<LedgerEntry> appendThree() {
        return List.of(
                ledger.append(accepted("msg-1", "contra-costa.probation")),
                ledger.append(accepted("msg-1", "contra-costa.child-welfare")),
                ledger.append(LedgerRecord.of(LedgerEvent.SEALED, Decision.PERMIT).withMessage("msg-1", "detention-notice")));
    }

    private static LedgerRecord accepted(String messageId, String recipient) {
        return LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT)
                .withMessage(messageId, "detention-notice")
                .withAgencies("alameda.juvenile-hall", recipient);
    }

    private void insert(LedgerEntry entry, String entryHash) {
        LedgerFixture.insert(jdbc, entry, entryHash);
    }
}
