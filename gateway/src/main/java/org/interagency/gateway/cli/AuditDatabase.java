package org.interagency.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.interagency.gateway.audit.AuditConfiguration;
import org.interagency.gateway.audit.EnvelopeArchive;
import org.interagency.gateway.audit.EvidencePackage;
import org.interagency.gateway.ledger.CheckpointSignatures;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.LedgerVerifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The database of a county's gateway, opened by the audit commands as the gateway opens it:
 * {@code spring.datasource.*} of {@code gateway.yml}, or the H2 file under the data folder.
 * An H2 file is opened with {@code AUTO_SERVER=TRUE}, so the commands can read it while a
 * gateway started the same way (as {@code bin/gateway demo} does) runs, and with
 * {@code IFEXISTS=TRUE}, so a wrong folder is reported instead of creating an empty database.
 */
final class AuditDatabase implements AutoCloseable {

    private final CountyConfig config;
    private final SingleConnectionDataSource dataSource;
    private final JdbcClient jdbc;
    private final Ledger ledger;

    private AuditDatabase(CountyConfig config, SingleConnectionDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), config.county(), Clock.systemUTC());
    }

    /** Opens the database of the configuration in {@code configOption}, with the data folder of {@code dataOption}. */
    static AuditDatabase open(Path configOption, Path dataOption) throws Exception {
        Path folder = Configs.folder(configOption);
        CountyConfig config = CountyConfig.load(folder);
        Path dataDir = (dataOption != null ? dataOption : GatewayCommand.home().resolve("demo-data").resolve(folder.getFileName()))
                .toAbsolutePath().normalize();

        String configured = config.setting("spring.datasource.url");
        String url = configured == null || configured.contains("${gateway.data-dir}")
                ? h2Url(dataDir, configured)
                : configured;
        String user = config.setting("spring.datasource.username");
        String password = config.setting("spring.datasource.password");
        // One connection for the whole command: opening an H2 file with AUTO_SERVER per query is slow.
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, user == null ? "gateway" : user,
                password == null ? "" : password, true);
        check(dataSource, url, dataDir);
        return new AuditDatabase(config, dataSource);
    }

    /** Closes the database connection. */
    @Override
    public void close() {
        dataSource.destroy();
    }

    Ledger ledger() {
        return ledger;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    String county() {
        return config.county();
    }

    /** Returns the verifier, which checks signatures against the directory's trust anchors. */
    LedgerVerifier verifier() {
        return new LedgerVerifier(ledger, new CheckpointStore(jdbc), signatures());
    }

    EvidencePackage evidence() {
        return new EvidencePackage(jdbc, ledger, new CheckpointStore(jdbc), new EnvelopeArchive(jdbc, Clock.systemUTC()),
                config.directory().trustAnchors());
    }

    /**
     * Records a use of the audit commands in the ledger, as the API records an officer's use.
     * The actor is the operating system user that ran the command.
     */
    void record(LedgerEvent event, String use) {
        ledger.append(LedgerRecord.of(event, Decision.PERMIT)
                .withReason(use)
                .withActor("cli:" + System.getProperty("user.name")));
    }

    private CheckpointSignatures signatures() {
        return new CheckpointSignatures(AuditConfiguration.signedContent(config.properties()),
                config.directory().trustAnchors());
    }

    private static String h2Url(Path dataDir, String configured) {
        String base = configured == null ? "jdbc:h2:file:" + dataDir.resolve("db/gateway")
                : configured.replace("${gateway.data-dir}", dataDir.toString());
        List<String> options = List.of("IFEXISTS=TRUE", "AUTO_SERVER=TRUE");
        StringBuilder url = new StringBuilder(base);
        for (String option : options) {
            if (!base.toUpperCase(java.util.Locale.ROOT).contains(option.substring(0, option.indexOf('=')))) {
                url.append(';').append(option);
            }
        }
        return url.toString();
    }

    // The SQL exception is not the cause: GatewayCommand.reason would print its text instead.
    private static void check(DataSource dataSource, String url, Path dataDir) {
        try (Connection connection = dataSource.getConnection()) {
            connection.getMetaData();
        } catch (SQLException e) {
            String where = url.startsWith("jdbc:h2:file:") && !Files.isDirectory(dataDir.resolve("db"))
                    ? "; " + dataDir + " holds no gateway database, so name the gateway's data folder with --data"
                    : "; check that the gateway's database is reachable, and stop a gateway that holds the H2 file without AUTO_SERVER=TRUE";
            throw new IllegalArgumentException("the database " + url + " could not be opened (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")" + where);
        }
    }
}
