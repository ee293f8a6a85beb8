package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import java.util.Base64;
import org.interagency.gateway.audit.WitnessedCopies;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.ledger.Checkpoint;
import org.interagency.gateway.ledger.CheckpointAcknowledgement;
import org.interagency.gateway.ledger.CheckpointSignatures;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.pki.DevPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** {@code bin/gateway audit ...} on an H2 file database written as a gateway writes it. */
class AuditCommandTest {

    private static final Path DEMO_CONFIG = Path.of("../config/demo/alameda").toAbsolutePath().normalize();
    private static final Instant MARCH = Instant.parse("2026-03-10T12:00:00Z");
    private static final String CLAUSE = "mou-two-county-csec-protocol/v1#detention-notices";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private Path config;
    private Path data;
    private JdbcClient jdbc;
    private SingleConnectionDataSource dataSource;

    private static Path pki;

    @BeforeAll
    static void developmentPki(@TempDir Path folder) throws Exception {
        pki = folder.resolve("pki");
        Map<String, List<String>> agencies = new LinkedHashMap<>();
        agencies.put("alameda", List.of("alameda.juvenile-hall"));
        agencies.put("contra-costa", List.of("contra-costa.probation", "contra-costa.child-welfare"));
        DevPki.create(pki, agencies, false);
    }

    @BeforeEach
    void countyWithLedger() throws Exception {
        config = copyDemoConfig(pki);
        data = dir.resolve("data");

        dataSource = new SingleConnectionDataSource(
                "jdbc:h2:file:" + data.resolve("db/gateway") + ";AUTO_SERVER=TRUE", "gateway", "", true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        Ledger ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda",
                Clock.fixed(MARCH, ZoneOffset.UTC));
        appendMarch(ledger);
        checkpointWitnessedByContraCosta(ledger, pki);
    }

    @AfterEach
    void closeDatabase() {
        dataSource.destroy();
    }

    @Test
    void verifyOfIntactLedgerExitsZero() {
        int exitCode = audit("verify");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ledger of alameda: 5 entries up to entry 5, 1 signed checkpoints",
                "1 partner acknowledgements, witnessed up to entry 5", "intact");
    }

    @Test
    void verifyNamesEditedEntry() {
        jdbc.sql("UPDATE ledger_entry SET reason_code = NULL WHERE seq = 4").update();

        int exitCode = audit("verify");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("gateway: the ledger is broken at entry 4 (EDITED): entry 4 (DENIED, message msg-2)"));
    }

    @Test
    void verifyNamesRewrittenLedger() {
        jdbc.sql("DELETE FROM ledger_entry WHERE seq >= 3").update();
        jdbc.sql("DELETE FROM ledger_checkpoint").update();

        int exitCode = audit("verify");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("broken at entry 5 (TRUNCATED): the checkpoint witnessed by contra-costa");
    }

    @Test
    void verifyWithPartnerCopyNamesCutTail() throws Exception {
        Path copies = dir.resolve("witnessed.json");
        byte[] signed = new CheckpointStore(jdbc).latest().orElseThrow().signed();
        Files.writeString(copies, new WitnessedCopies("contra-costa", "alameda",
                List.of(Base64.getEncoder().encodeToString(signed))).toJson());
        jdbc.sql("DELETE FROM ledger_entry WHERE seq >= 3").update();
        jdbc.sql("DELETE FROM ledger_checkpoint").update();
        jdbc.sql("DELETE FROM checkpoint_witness").update();

        int withoutCopy = audit("verify");
        int withCopy = audit("verify", "--witnessed", copies.toString());

        assertThat(withoutCopy).isZero();
        assertThat(withCopy).isEqualTo(1);
        assertThat(err.toString()).contains("broken at entry 5 (TRUNCATED): the copy of the signed checkpoint that "
                + "contra-costa stored names entry 5, but the ledger ends at entry");
    }

    @Test
    void verifyRejectsCopiesOfAnotherGateway() throws Exception {
        Path copies = dir.resolve("witnessed.json");
        Files.writeString(copies, "{\"witness\":\"alameda\",\"gateway\":\"contra-costa\",\"checkpoints\":[]}");

        int exitCode = audit("verify", "--witnessed", copies.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("contains checkpoints of contra-costa, not of alameda");
    }

    @Test
    void verifyRejectsOwnGatewaysCopy() throws Exception {
        Path copies = dir.resolve("witnessed.json");
        Files.writeString(copies, "{\"witness\":\"alameda\",\"gateway\":\"alameda\",\"checkpoints\":[]}");

        int exitCode = audit("verify", "--witnessed", copies.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("was written by alameda's own gateway, so it witnesses nothing");
    }

    @Test
    void verifyRejectsEmptyCopy() throws Exception {
        Path copies = dir.resolve("witnessed.json");
        Files.writeString(copies, "{\"witness\":\"contra-costa\",\"gateway\":\"alameda\",\"checkpoints\":[]}");

        int exitCode = audit("verify", "--witnessed", copies.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("contains no checkpoints");
    }

    @Test
    void verifyOfBrokenLedgerAppendsNothing() {
        jdbc.sql("UPDATE ledger_entry SET reason_code = NULL WHERE seq = 4").update();
        long before = jdbc.sql("SELECT COUNT(*) FROM ledger_entry").query(Long.class).single();

        int first = audit("verify");
        int second = audit("verify");

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_entry").query(Long.class).single()).isEqualTo(before);
        assertThat(out.toString()).contains("this check is not recorded in the ledger, because the ledger is broken");
    }

    @Test
    void witnessedRejectsCountyWithoutCheckpoints() {
        int exitCode = audit("witnessed", "--county", "nowhere");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("this gateway holds no checkpoints of county nowhere");
    }

    @Test
    void witnessedRejectsOwnCounty() {
        int exitCode = audit("witnessed", "--county", "alameda");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("county alameda is this gateway's own county");
    }

    @Test
    void witnessedWritesStoredCheckpoints() {
        new CheckpointStore(jdbc).addWitnessed(new CheckpointStore.Witnessed("contra-costa", 7, "ab".repeat(32),
                new byte[] {1, 2}, new byte[] {3}), MARCH);

        int exitCode = audit("witnessed", "--county", "contra-costa");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("{\"witness\":\"alameda\",\"gateway\":\"contra-costa\",\"checkpoints\":[\"AQI=\"]}");
    }

    @Test
    void verifyRecordsItsUse() {
        audit("verify");

        assertThat(jdbc.sql("SELECT actor FROM ledger_entry WHERE event = 'AUDIT_VIEWED'").query(String.class).list())
                .containsExactly("cli:" + System.getProperty("user.name"));
    }

    @Test
    void exportWritesCsvOfTheRange() throws Exception {
        Path file = dir.resolve("march.csv");

        int exitCode = audit("export", "--format", "csv", "--from", "2026-03-01", "--to", "2026-04-01", "--out", file.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).startsWith("1,2026-03-10T12:00:00Z,alameda,ACCEPTED,msg-1,");
    }

    @Test
    void exportWritesFhirToStandardOutput() {
        int exitCode = audit("export", "--format", "fhir", "--from", "2026-03-01");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"resourceType\": \"Bundle\"", "\"resourceType\": \"AuditEvent\"",
                "PrivacyDisclosure.Source");
    }

    @Test
    void exportRejectsUnknownFormat() {
        int exitCode = audit("export", "--format", "xml");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("format 'xml' is not supported; give csv or fhir");
    }

    @Test
    void exportRejectsReversedRange() {
        int exitCode = audit("export", "--from", "2026-12-31", "--to", "2026-12-01");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("before it starts", "give the earlier time as from");
    }

    @Test
    void exportRejectsBadDate() {
        int exitCode = audit("export", "--from", "March");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("--from 'March' is not a date; give YYYY-MM-DD");
    }

    @Test
    void reportCountsPerMou() {
        int exitCode = audit("report", "--month", "2026-03");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Compliance report of the alameda gateway for 2026-03 (UTC)",
                "MOU mou-two-county-csec-protocol", "MOU (no MOU clause)", "NO_MOU_CLAUSE", "PEER_UNAVAILABLE");
        assertThat(out.toString()).containsPattern("exchanges made\\s+1\\n");
    }

    @Test
    void reportAsCsv() {
        int exitCode = audit("report", "--month", "2026-03", "--format", "csv");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "gateway,month,mou,measure,reason,count",
                "alameda,2026-03,(no MOU clause),exchanges,,0",
                "alameda,2026-03,(no MOU clause),denials,NO_MOU_CLAUSE,1",
                "alameda,2026-03,(no MOU clause),automatic-referrals,,0",
                "alameda,2026-03,mou-two-county-csec-protocol,exchanges,,1",
                "alameda,2026-03,mou-two-county-csec-protocol,automatic-referrals,,0",
                "alameda,2026-03,mou-two-county-csec-protocol,delivery-failures,PEER_UNAVAILABLE,1");
    }

    @Test
    void reportOfEmptyMonthSaysSo() {
        int exitCode = audit("report", "--month", "2025-12");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("No exchanges, denials, referrals or delivery failures");
    }

    @Test
    void reportRejectsBadMonth() {
        int exitCode = audit("report", "--month", "2026-13");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--month 2026-13 is not a month; give YYYY-MM");
    }

    @Test
    void evidenceWithoutCheckpointIsRefused() {
        int exitCode = audit("evidence", "msg-none", "--out", dir.resolve("e.zip").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("has no entry about message msg-none");
    }

    @Test
    void evidenceWritesZip() throws Exception {
        Path zip = dir.resolve("msg-1.zip");

        int exitCode = audit("evidence", "msg-1", "--out", zip.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(zip).isRegularFile();
        assertThat(out.toString()).contains("wrote the evidence package of message msg-1");
    }

    @Test
    void missingDatabaseIsNamed() {
        int exitCode = execute("audit", "verify", "--config", config.toString(), "--data", dir.resolve("nothing").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("holds no gateway database", "--data");
    }

    private static void appendMarch(Ledger ledger) {
        ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation").withMouClause(CLAUSE));
        ledger.append(LedgerRecord.of(LedgerEvent.SENT, Decision.PERMIT).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation"));
        ledger.append(LedgerRecord.of(LedgerEvent.DELIVERY_FAILED, Decision.ERROR).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.probation").withReason("PEER_UNAVAILABLE"));
        ledger.append(LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY).withMessage("msg-2", "detention-notice")
                .withAgencies("alameda.juvenile-hall", null).withReason("NO_MOU_CLAUSE"));
        ledger.append(LedgerRecord.of(LedgerEvent.SEALED, Decision.PERMIT).withMessage("msg-1", "detention-notice")
                .withAgencies("alameda.juvenile-hall", "contra-costa.child-welfare"));
    }

    private void checkpointWitnessedByContraCosta(Ledger ledger, Path pki) {
        CheckpointSignatures signatures = new CheckpointSignatures(new SignedContent(),
                KeyMaterial.readCertificates(pki.resolve("root-ca.crt")));
        CheckpointStore store = new CheckpointStore(jdbc);
        LedgerEntry head = ledger.head();
        byte[] signed = signatures.sign(Checkpoint.of("alameda", head, MARCH), gatewayKey(pki, "alameda"));
        store.add(new CheckpointStore.Stored(head.seq(), head.entryHash(), MARCH, signed, null), List.of("contra-costa"), MARCH);
        CheckpointAcknowledgement acknowledgement = new CheckpointAcknowledgement("contra-costa", "alameda", head.seq(),
                head.entryHash(), PayloadDigest.of(signed), MARCH.toString());
        store.acknowledge(head.seq(), "contra-costa", signatures.sign(acknowledgement, gatewayKey(pki, "contra-costa")), MARCH);
    }

    private static org.interagency.gateway.envelope.SigningIdentity gatewayKey(Path pki, String county) {
        return KeyMaterial.loadSigningIdentity(pki.resolve(county).resolve("gateway-signing.p12"),
                DevPki.PASSWORD.toCharArray());
    }

    /** Copies the demo alameda configuration, pointing its certificate paths at the test PKI. */
    private Path copyDemoConfig(Path pki) throws Exception {
        Path target = dir.resolve("config");
        Files.createDirectories(target.resolve("mous"));
        try (Stream<Path> files = Stream.concat(Stream.of(DEMO_CONFIG.resolve("gateway.yml"), DEMO_CONFIG.resolve("directory.yml")),
                Files.list(DEMO_CONFIG.resolve("mous")).filter(Files::isRegularFile))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file).replace("../../../certs-dev", pki.toString());
                Files.writeString(target.resolve(DEMO_CONFIG.relativize(file)), text);
            }
        }
        return target;
    }

    private int audit(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("audit"));
        command.addAll(List.of(arguments));
        command.add(2, "--data");
        command.add(3, data.toString());
        command.add(2, "--config");
        command.add(3, config.toString());
        return execute(command.toArray(String[]::new));
    }

    private int execute(String... arguments) {
        return GatewayCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(arguments);
    }
}
