package org.interagency.gateway.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.interagency.gateway.pki.DevTls;

/**
 * One demo gateway: a child process running {@code gateway run} for one county, and HTTPS
 * clients that call its API as the county's agency systems, with their dev client certificates
 * or with bearer tokens of the development Keycloak.
 */
final class DemoGateway {

    private final String county;
    private final int port;
    private final Path dataDir;
    private final Path certsDir;
    private final DemoTokens tokens;
    private final Map<String, HttpClient> clients = new HashMap<>();
    private Process process;

    /**
     * Creates the gateway of {@code county}. With {@code tokens}, its agency API accepts only
     * bearer tokens of the county's realm, and the agency systems send them; without, they
     * present their development client certificates.
     */
    DemoGateway(String county, int port, Path dataDir, Path certsDir, DemoTokens tokens) {
        this.county = county;
        this.port = port;
        this.dataDir = dataDir;
        this.certsDir = certsDir;
        this.tokens = tokens;
    }

    String county() {
        return county;
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return dataDir.resolve("gateway.log");
    }

    /** Returns the JDBC URL of this gateway's database; H2's automatic server lets the demo read it while it runs. */
    String databaseUrl() {
        return "jdbc:h2:file:" + dataDir.resolve("db/gateway") + ";AUTO_SERVER=TRUE";
    }

    /** Starts {@code gateway run} for this county as a child process, logging to {@link #log()}. */
    void start(Path home, Path jar, Map<String, String> environment) throws IOException {
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dgateway.home=" + home, "-jar", jar.toString(),
                "run", "--config", home.resolve("config/demo").resolve(county).toString(),
                "--data", dataDir.toString(), "--port", String.valueOf(port),
                "--spring.datasource.url=" + databaseUrl()));
        if (tokens != null) {
            command.addAll(List.of("--gateway.security.client-certificates.enabled=false",
                    "--gateway.security.tokens.enabled=true",
                    "--gateway.security.tokens.issuer-uri=" + tokens.issuer(county)));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Returns whether the child process still runs. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops the child process, gracefully first. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Sends a GET as {@code agency} and returns the response. */
    HttpResponse<String> get(String agency, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        return client(agency).send(authorized(request, agency), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a POST as {@code agency} and returns the response. */
    HttpResponse<String> post(String agency, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client(agency).send(authorized(request, agency), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest authorized(HttpRequest.Builder request, String agency) {
        if (tokens != null) {
            request.header("Authorization", "Bearer " + tokens.token(county, agency));
        }
        return request.build();
    }

    URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private HttpClient client(String agency) {
        return clients.computeIfAbsent(agency, id -> HttpClient.newBuilder()
                .sslContext(DevTls.clientContext(tokens != null ? null : certsDir.resolve(county).resolve("clients").resolve(id + ".p12"),
                        certsDir.resolve("truststore.p12")))
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** Returns a TCP port on 127.0.0.1 that is free now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
