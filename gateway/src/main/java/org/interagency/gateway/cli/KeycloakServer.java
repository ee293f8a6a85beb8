package org.interagency.gateway.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * A real Keycloak server for development and tests, DEVELOPMENT ONLY. The server distribution
 * {@code org.keycloak:keycloak-quarkus-dist} comes from Maven Central through the project's Maven
 * wrapper and is unpacked under {@code .keycloak/} in the project folder (ignored by git). The
 * server runs in {@code start-dev} mode: plain HTTP on 127.0.0.1 only, an embedded H2 database
 * that is wiped at every start, and the realm exports of {@code docs/keycloak} imported.
 *
 * <p>Tokens carry the issuer exactly as the client reached the server, so clients and the
 * gateway must both use {@code http://127.0.0.1:<port>}, not {@code localhost}.
 */
public final class KeycloakServer {

    /** Version of the distribution; 26.7.3 runs on Java 17. */
    public static final String VERSION = "26.7.3";

    /** The realms that {@link #start} imports, from {@code docs/keycloak/realm-<name>.json}. */
    public static final List<String> REALMS = List.of("alameda", "contra-costa", "other-county");

    /** Administrator of the master realm that the first start creates; its password is public. */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "dev-only-keycloak-admin";

    private static final String ARTIFACT = "org.keycloak:keycloak-quarkus-dist:" + VERSION + ":tar.gz";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final Path folder;

    /** Creates the helper for the project installed in {@code home}. */
    public KeycloakServer(Path home) {
        this.home = home;
        this.folder = home.resolve(".keycloak");
    }

    /** Returns the URL of the realm {@code realm} on a server listening on {@code port}: the issuer of its tokens. */
    public static URI issuer(int port, String realm) {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + realm);
    }

    /** Returns the server's log file. */
    public Path log() {
        return folder.resolve("keycloak.log");
    }

    /**
     * Starts Keycloak on {@code port} of 127.0.0.1 with fresh data and the realms imported, and
     * waits until every realm serves its OpenID metadata. The server keeps running after this
     * JVM exits; stop it with {@link #stop()}.
     */
    public ProcessHandle start(int port) throws IOException, InterruptedException {
        Path distribution = install();
        if (running().isPresent()) {
            throw failure("a Keycloak started from " + folder + " is still running (pid " + running().get().pid()
                    + "); stop it first with 'bin/keycloak stop'");
        }

        Path data = distribution.resolve("data");
        DemoCommand.deleteTree(data);
        Files.createDirectories(data.resolve("import"));
        for (String realm : REALMS) {
            Files.copy(home.resolve("docs/keycloak/realm-" + realm + ".json"), data.resolve("import/realm-" + realm + ".json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        Process process = launch(distribution, port);
        Files.writeString(folder.resolve("server.pid"), Long.toString(process.pid()));
        Files.writeString(folder.resolve("server.port"), Integer.toString(port));

        awaitReady(process, port);
        return process.toHandle();
    }

    /** Stops the server that {@link #start} started, if it runs; returns whether one was running. */
    public boolean stop() throws IOException {
        Optional<ProcessHandle> server = running();
        if (server.isEmpty()) {
            return false;
        }

        // kc.sh forwards the signal to the Java process it started; the descendants are ended
        // directly in case the script is gone.
        List<ProcessHandle> descendants = server.get().descendants().toList();
        server.get().destroy();
        descendants.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : Stream.concat(Stream.of(server.get()), descendants.stream()).toList()) {
            try {
                process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(folder.resolve("server.pid"));
        return true;
    }

    /**
     * Returns the server process that {@link #start} recorded, when it still runs. A process
     * that reuses the recorded id but runs nothing from this folder's distribution is not it.
     * The recorded process is {@code kc.sh} at first, and the Java server once the script has
     * replaced itself with it, which it does after the first start builds the server.
     */
    public Optional<ProcessHandle> running() throws IOException {
        Path pidFile = folder.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String distribution = folder.resolve("keycloak-" + VERSION).resolve("bin").toString();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(command -> command.contains(distribution)).orElse(false));
    }

    /** Returns the port the running server listens on, as {@link #start} recorded it. */
    public Optional<Integer> port() throws IOException {
        Path portFile = folder.resolve("server.port");
        return running().isPresent() && Files.exists(portFile)
                ? Optional.of(Integer.parseInt(Files.readString(portFile).trim()))
                : Optional.empty();
    }

    /** Fetches the distribution through the Maven wrapper and unpacks it, unless that was done before. */
    Path install() throws IOException, InterruptedException {
        Path distribution = folder.resolve("keycloak-" + VERSION);
        if (Files.isExecutable(distribution.resolve("bin/kc.sh"))) {
            return distribution;
        }
        Files.createDirectories(folder);

        Path archive = folder.resolve("keycloak-quarkus-dist-" + VERSION + ".tar.gz");
        if (!Files.exists(archive)) {
            run(List.of(home.resolve("mvnw").toString(), "-B", "-q", "dependency:copy", "-Dartifact=" + ARTIFACT,
                    "-DoutputDirectory=" + folder), "fetching " + ARTIFACT + " through Maven");
        }
        run(List.of("tar", "-xzf", archive.toString(), "-C", folder.toString()), "unpacking " + archive);
        return distribution;
    }

    private Process launch(Path distribution, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + DemoGateway.freePort(),
                "--import-realm")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log().toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder.start();
    }

    private void awaitReady(Process process, int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (String realm : REALMS) {
            URI metadata = URI.create(issuer(port, realm) + "/.well-known/openid-configuration");
            while (!serves(http, metadata)) {
                if (!process.isAlive()) {
                    throw failure("Keycloak stopped during start with exit code " + process.exitValue() + "; see " + log());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure("Keycloak did not serve " + metadata + " within " + READY_TIMEOUT.toMinutes()
                            + " minutes; see " + log());
                }
                Thread.sleep(500);
            }
        }
    }

    private static boolean serves(HttpClient http, URI uri) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(List<String> command, String step) throws IOException, InterruptedException {
        Path output = Files.createTempFile("keycloak-install", ".log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        if (exit != 0) {
            String tail = Files.readString(output, StandardCharsets.UTF_8).lines()
                    .reduce((first, second) -> second).orElse("");
            throw failure(step + " failed with exit code " + exit + ": " + tail + "; the whole output is in " + output);
        }
        Files.delete(output);
    }

    private static GatewayException failure(String message) {
        return new GatewayException(ErrorCode.INTERNAL, message);
    }
}
