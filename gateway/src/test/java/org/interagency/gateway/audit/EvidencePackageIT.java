package org.interagency.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.testing.DemoExchange;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Evidence packages of the test gateways, unpacked and checked offline with the real
 * {@code openssl}, by the script the package carries.
 */
class EvidencePackageIT {

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    @TempDir
    Path work;

    @Test
    void senderPackageVerifiesWithOpenssl() throws Exception {
        String id = DemoExchange.send(pair, DemoExchange.DEMO_YOUTH + "-evidence-sent");
        Path folder = unpack(evidence(pair.alameda(), id), work.resolve("alameda"));

        String output = runVerify(folder, 0);

        assertThat(folder.resolve("envelope-sent-contra-costa.p7m")).exists();
        assertThat(folder.resolve("acknowledgement-contra-costa.p7s")).exists();
        assertThat(folder.resolve("checkpoint.tsr")).exists();
        assertThat(Files.readString(folder.resolve("receipt-contra-costa-delivered.json"))).contains(id);
        assertThat(output).contains("checkpoint signature: OK", "checkpoint time-stamp: OK",
                "acknowledgement-contra-costa.p7s: OK", "ledger chain to the checkpoint: OK",
                "envelope-sent-contra-costa.p7m digest in the ledger: OK", "all checks passed");
        assertThat(Files.readString(folder.resolve("message-entries.csv"))).contains(id).doesNotContain("Testperson");
    }

    @Test
    void receiverPackageVerifiesWithOpenssl() throws Exception {
        String id = DemoExchange.send(pair, DemoExchange.DEMO_YOUTH + "-evidence-received");
        Path folder = unpack(evidence(pair.contraCosta(), id), work.resolve("contra-costa"));

        String output = runVerify(folder, 0);

        assertThat(output).contains("envelope-received-alameda.p7m digest in the ledger: OK",
                "acknowledgement-alameda.p7s: OK", "all checks passed");
    }

    @Test
    void editedEntryFailsTheScript() throws Exception {
        String id = DemoExchange.send(pair, DemoExchange.DEMO_YOUTH + "-evidence-edited");
        Path folder = unpack(evidence(pair.alameda(), id), work.resolve("edited"));
        Path entry;
        try (var entries = Files.list(folder.resolve("entries"))) {
            entry = entries.filter(path -> path.toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(entry, Files.readString(entry).replace("contra-costa.", "contra-costa.sheriff."));

        String output = runVerify(folder, 1);

        assertThat(output).contains(entry.getFileName() + " does not match its hash");
    }

    /** Waits until a witnessed checkpoint covers the message, then builds its package from the gateway's database. */
    private static byte[] evidence(TestGateway gateway, String messageId) throws Exception {
        Ledger ledger = gateway.bean(Ledger.class);
        CheckpointStore checkpoints = gateway.bean(CheckpointStore.class);
        List<LedgerEntry> entries = ledger.entriesFor(messageId);
        long last = entries.get(entries.size() - 1).seq();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(checkpoints.covering(last))
                .hasValueSatisfying(checkpoint -> assertThat(checkpoints.witnesses(checkpoint.seq()))
                        .allSatisfy(witness -> assertThat(witness.acknowledgement()).isNotNull())));

        JdbcClient jdbc = gateway.bean(JdbcClient.class);
        EvidencePackage evidence = new EvidencePackage(jdbc, ledger, checkpoints, new EnvelopeArchive(jdbc, Clock.systemUTC()),
                gateway.bean(Directory.class).trustAnchors());
        return evidence.toBytes(messageId);
    }

    private static Path unpack(byte[] zip, Path folder) throws Exception {
        Files.createDirectories(folder);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = folder.resolve(entry.getName()).normalize();
                assertThat(file.startsWith(folder)).as("%s stays inside the folder", entry.getName()).isTrue();
                Files.createDirectories(file.getParent());
                Files.write(file, in.readAllBytes());
            }
        }
        return folder;
    }

    private static String runVerify(Path folder, int expectedExit) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "verify.sh").directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("verify.log").toFile());
        builder.environment().put("TSA_ROOT", pair.tsa().rootCertificate().toString());
        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("verify.sh finished within 60 s").isTrue();
        String output = Files.readString(folder.resolve("verify.log"));
        assertThat(process.exitValue()).as("exit status of verify.sh; output:%n%s", output).isEqualTo(expectedExit);
        return output;
    }
}
