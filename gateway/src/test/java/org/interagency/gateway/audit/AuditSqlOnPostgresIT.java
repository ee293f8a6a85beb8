package org.interagency.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The SQL of the compliance features on a real PostgreSQL server, as production runs it. */
class AuditSqlOnPostgresIT {

    private static final Instant MARCH = Instant.parse("2026-03-10T12:00:00Z");
    private static final String CLAUSE = "mou-two-county-csec-protocol/v1#detention-notices";

    private JdbcClient jdbc;
    private Ledger ledger;

    @BeforeEach
    void ledgerOnPostgres() {
        DataSource dataSource = TestPostgres.shared().newMigratedDatabase();
        jdbc = JdbcClient.create(dataSource);
        ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda", Clock.fixed(MARCH, ZoneOffset.UTC));
        ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation").withMouClause(CLAUSE).withSubject("ab".repeat(32)));
        ledger.append(LedgerRecord.of(LedgerEvent.SENT, Decision.PERMIT).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation"));
        ledger.append(LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY).withMessage("msg-2", "detention-notice")
                .withAgencies("alameda.juvenile-hall", null).withReason("NO_MOU_CLAUSE"));
    }

    @Test
    void queryFiltersApplyOnPostgres() {
        AuditQuery filtered = new AuditQuery(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                "contra-costa.probation", "detention-notice", Decision.PERMIT, "mou-two-county-csec-protocol", "msg-1",
                "ab".repeat(32), AuditQuery.DISCLOSURES);

        assertThat(filtered.count(jdbc)).isEqualTo(2);
        assertThat(filtered.page(jdbc, 1, 10)).extracting(LedgerEntry::event).containsExactly(LedgerEvent.SENT);
        assertThat(AuditQuery.all().between(Instant.parse("2026-04-01T00:00:00Z"), null).count(jdbc)).isZero();
    }

    @Test
    void disclosuresAndReportOnPostgres() {
        List<Disclosure> disclosures = Disclosures.of(jdbc, "ab".repeat(32));
        ComplianceReport report = ComplianceReport.of(jdbc, "alameda", YearMonth.of(2026, 3));

        assertThat(disclosures).singleElement().satisfies(disclosure -> {
            assertThat(disclosure.messageId()).isEqualTo("msg-1");
            assertThat(disclosure.lastEvent()).isEqualTo("SENT");
            assertThat(disclosure.mouClause()).isEqualTo(CLAUSE);
        });
        assertThat(report.byMou().get("mou-two-county-csec-protocol").exchanges()).isEqualTo(1);
        assertThat(report.byMou().get(ComplianceReport.NO_MOU).denials()).containsEntry("NO_MOU_CLAUSE", 1);
    }

    @Test
    void checkpointStoreOnPostgres() {
        CheckpointStore store = new CheckpointStore(jdbc);
        LedgerEntry head = ledger.head();

        store.add(new CheckpointStore.Stored(head.seq(), head.entryHash(), MARCH, new byte[] {1}, null), List.of("contra-costa"), MARCH);
        store.failed(head.seq(), "contra-costa", "PEER_UNAVAILABLE", MARCH);
        store.acknowledge(head.seq(), "contra-costa", new byte[] {2}, MARCH);
        store.addWitnessed(new CheckpointStore.Witnessed("contra-costa", 4, "cd".repeat(32), new byte[] {3}, new byte[] {4}), MARCH);

        assertThat(store.covering(1)).hasValueSatisfying(checkpoint -> assertThat(checkpoint.seq()).isEqualTo(head.seq()));
        assertThat(store.pending(10)).isEmpty();
        assertThat(store.acknowledged()).singleElement().satisfies(witness -> assertThat(witness.attempts()).isEqualTo(2));
        assertThat(store.witnessed("contra-costa", 4)).hasValueSatisfying(copy -> assertThat(copy.signed()).containsExactly(3));
    }

    @Test
    void settingsChangesOnPostgres(@TempDir Path config) throws Exception {
        GatewayProperties properties = new GatewayProperties();
        properties.setConfigDir(config);
        Files.writeString(config.resolve("gateway.yml"), "gateway:\n  county: alameda\n");

        boolean first = SettingsChanges.recordAtStart(ledger, jdbc, properties);
        boolean again = SettingsChanges.recordAtStart(ledger, jdbc, properties);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
    }
}
