package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {

    /** The demo county configuration; surefire runs with the gateway module as working directory. */
    private static final Path DEMO_CONFIG = Path.of("../config/demo/alameda").toAbsolutePath().normalize();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void helpListsSubcommands() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("run", "demo", "certs");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void unknownOptionExitsWithTwo() {
        int exitCode = execute("--frobnicate");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--frobnicate");
        assertThat(err.toString()).contains("--help");
    }

    @Test
    void noCommandExitsWithTwoAndListsCommands() {
        int exitCode = execute();

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("name a command", "run", "demo", "certs");
    }

    @Test
    void unknownCommandIsNamed() {
        int exitCode = execute("nosuchcmd");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("unknown command 'nosuchcmd'", "'bin/gateway --help'");
    }

    @Test
    void unknownSubcommandOptionNamesSubcommand() {
        int exitCode = execute("certs", "init", "--frobnicate");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("'bin/gateway certs init --help'");
    }

    @Test
    void runWithMissingConfigFails() {
        int exitCode = execute("run", "--config", "/nonexistent");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("/nonexistent");
        assertThat(err.toString()).contains("gateway.yml");
    }

    @Test
    void certsInitWritesRootCertificate() {
        Path target = dir.resolve("certs");

        int exitCode = execute("certs", "init", "--config", DEMO_CONFIG.toString(), "--out", target.toString());

        assertThat(exitCode).isZero();
        assertThat(target.resolve("root-ca.crt")).isNotEmptyFile();
        assertThat(target.resolve("contra-costa/agencies/contra-costa.probation.crt")).isNotEmptyFile();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void certsInitTwiceWithoutForceFails() {
        Path target = dir.resolve("certs");
        execute("certs", "init", "--config", DEMO_CONFIG.toString(), "--out", target.toString());
        err.getBuffer().setLength(0);

        int exitCode = execute("certs", "init", "--config", DEMO_CONFIG.toString(), "--out", target.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains(target.toString());
        assertThat(err.toString()).contains("--force");
    }

    private int execute(String... args) {
        CommandLine commandLine = GatewayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
