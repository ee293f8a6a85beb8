package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/gateway keycloak} in a project folder where no Keycloak runs; nothing here starts one. */
class KeycloakCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String previousHome;

    @TempDir
    Path home;

    @BeforeEach
    void useTemporaryHome() {
        previousHome = System.getProperty("gateway.home");
        System.setProperty("gateway.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("gateway.home");
        } else {
            System.setProperty("gateway.home", previousHome);
        }
    }

    @Test
    void statusWithoutServerExitsWithThree() {
        int exitCode = execute("keycloak", "status");

        assertThat(exitCode).isEqualTo(3);
        assertThat(out.toString()).contains("not running");
    }

    @Test
    void stopWithoutServerSaysSo() {
        int exitCode = execute("keycloak", "stop");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("no Keycloak was running");
    }

    @Test
    void tokenWithoutServerFailsInOneLine() {
        int exitCode = execute("keycloak", "token", "--client", "alameda.probation");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("bin/keycloak start");
    }

    @Test
    void missingSubcommandExitsWithTwo() {
        int exitCode = execute("keycloak");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("start", "stop", "status", "token");
    }

    @Test
    void reusedPidIsNotTheServer() throws Exception {
        // The test's own JVM is alive but is not Keycloak's kc.sh, as after a reboot reused the id.
        Files.createDirectories(home.resolve(".keycloak"));
        Files.writeString(home.resolve(".keycloak/server.pid"), Long.toString(ProcessHandle.current().pid()));
        Files.writeString(home.resolve(".keycloak/server.port"), "8080");

        KeycloakServer server = new KeycloakServer(home);

        assertThat(server.running()).isEmpty();
        assertThat(server.port()).isEmpty();
        assertThat(server.stop()).isFalse();
    }

    private int execute(String... args) {
        CommandLine commandLine = GatewayCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
