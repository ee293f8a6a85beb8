package org.interagency.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.testing.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class SettingsChangesTest {

    @TempDir
    Path config;

    private final DataSource dataSource = MigratedDatabase.dataSource();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final Ledger ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda", Clock.systemUTC());
    private final GatewayProperties properties = new GatewayProperties();

    @BeforeEach
    void configurationFolder() throws Exception {
        properties.setConfigDir(config);
        Files.writeString(config.resolve("gateway.yml"), "gateway:\n  county: alameda\n");
        Files.writeString(config.resolve("directory.yml"), "network: demo\n");
        Files.createDirectories(config.resolve("mous"));
        Files.writeString(config.resolve("mous/mou-a.yml"), "id: mou-a\nversion: 1\n");
    }

    @Test
    void firstStartIsRecorded() {
        boolean recorded = SettingsChanges.recordAtStart(ledger, jdbc, properties);

        assertThat(recorded).isTrue();
        LedgerEntry entry = ledger.head();
        assertThat(entry.event()).isEqualTo(LedgerEvent.SETTINGS_CHANGED);
        assertThat(entry.reasonCode()).isEqualTo("FIRST_START");
        assertThat(entry.payloadDigest()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void unchangedStartIsNotRecorded() {
        SettingsChanges.recordAtStart(ledger, jdbc, properties);

        boolean recorded = SettingsChanges.recordAtStart(ledger, jdbc, properties);

        assertThat(recorded).isFalse();
        assertThat(ledger.head().seq()).isEqualTo(1);
    }

    @Test
    void changedMouIsRecorded() throws Exception {
        LedgerEntry first = ledger.head() == null ? null : ledger.head();
        SettingsChanges.recordAtStart(ledger, jdbc, properties);
        Files.writeString(config.resolve("mous/mou-a.yml"), "id: mou-a\nversion: 2\n");

        boolean recorded = SettingsChanges.recordAtStart(ledger, jdbc, properties);

        assertThat(first).isNull();
        assertThat(recorded).isTrue();
        assertThat(ledger.head().reasonCode()).isEqualTo("CONFIGURATION_FILES_CHANGED");
        assertThat(ledger.head().payloadDigest()).isNotEqualTo(ledger.entry(1).orElseThrow().payloadDigest());
    }
}
