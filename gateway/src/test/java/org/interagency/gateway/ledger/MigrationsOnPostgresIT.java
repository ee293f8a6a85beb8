package org.interagency.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.interagency.gateway.audit.EnvelopeArchive;
import org.interagency.gateway.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The gateway's Flyway migrations and its SQL on a real PostgreSQL server, as production runs them. */
class MigrationsOnPostgresIT {

    @Test
    void everyMigrationAppliesOnPostgres() {
        DataSource dataSource = TestPostgres.shared().newDatabase();
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();

        flyway.migrate();

        MigrationInfo[] applied = flyway.info().applied();
        assertThat(Arrays.stream(applied).map(info -> info.getVersion().getVersion())).contains("1", "2", "4");
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(applied).allSatisfy(info -> assertThat(info.getState().isFailed()).isFalse());
    }

    @Test
    void ledgerAppendsAndReadsBackOnPostgres() {
        DataSource dataSource = TestPostgres.shared().newMigratedDatabase();
        Ledger ledger = new Ledger(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource), "alameda",
                Clock.systemUTC());

        LedgerEntry appended = ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT)
                .withMessage("msg-pg", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation")
                .withMouClause("mou-two-county-csec-protocol/v1#detention-notices")
                .withSubject("ab".repeat(32)));
        LedgerEntry later = ledger.append(LedgerRecord.of(LedgerEvent.SENT, Decision.PERMIT)
                .withMessage("msg-pg", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation"));

        assertThat(ledger.entriesFor("msg-pg")).containsExactly(appended, later);
        assertThat(later.subjectPseudonym()).as("taken from the message's first entry").isEqualTo("ab".repeat(32));
        assertThat(later.mouClause()).isEqualTo("mou-two-county-csec-protocol/v1#detention-notices");
        assertThat(ledger.firstBrokenEntry()).isEqualTo(-1);
    }

    @Test
    void envelopeArchiveRoundTripsOnPostgres() {
        JdbcClient jdbc = JdbcClient.create(TestPostgres.shared().newMigratedDatabase());
        EnvelopeArchive archive = new EnvelopeArchive(jdbc, Clock.systemUTC());
        byte[] envelope = new byte[300_000];
        new java.util.Random(7).nextBytes(envelope);

        archive.store("msg-pg", "contra-costa", EnvelopeArchive.Direction.SENT, envelope);
        archive.store("msg-pg", "contra-costa", EnvelopeArchive.Direction.SENT, new byte[] {1});

        assertThat(archive.find("msg-pg")).singleElement()
                .satisfies(stored -> assertThat(stored.envelope()).isEqualTo(envelope));
    }
}
