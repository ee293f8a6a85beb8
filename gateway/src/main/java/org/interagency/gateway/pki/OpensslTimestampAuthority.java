package org.interagency.gateway.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RFC 3161 time-stamping authority for the demo and the tests, DEVELOPMENT ONLY: a
 * loopback HTTP server that responds to each {@code application/timestamp-query} with
 * {@code openssl ts -reply}, an implementation independent of the Bouncy Castle client it
 * serves. Its key and certificate are made with {@code openssl} at start, without a password:
 * a root CA and a TSA certificate whose extendedKeyUsage is critical timeStamping, as RFC 3161
 * section 2.3 requires.
 */
public final class OpensslTimestampAuthority implements AutoCloseable {

    private static final String CONFIG = """
            [ tsa ]
            default_tsa = tsa_config

            [ tsa_config ]
            dir = .
            serial = ./tsaserial
            crypto_device = builtin
            signer_cert = ./tsa.crt
            certs = ./tsa-ca.crt
            signer_key = ./tsa.key
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.55555.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """;

    private final Path dir;
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private OpensslTimestampAuthority(Path dir, HttpServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** Makes the TSA's keys in a new folder and starts the server on a free port of 127.0.0.1. */
    public static OpensslTimestampAuthority start() throws IOException {
        return start(Files.createTempDirectory("openssl-tsa"));
    }

    /**
     * Makes the TSA's keys in {@code dir}, which must exist, and starts the server on a free
     * port of 127.0.0.1.
     *
     * @throws IOException if {@code openssl} is missing or fails, or the server cannot start
     */
    public static OpensslTimestampAuthority start(Path dir) throws IOException {
        Files.writeString(dir.resolve("tsa.cnf"), CONFIG);
        Files.writeString(dir.resolve("tsaserial"), "01\n");
        Files.writeString(dir.resolve("tsa-ext.cnf"), """
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = critical, timeStamping
                """);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "tsa-ca.key", "-out", "tsa-ca.crt", "-days", "30",
                "-subj", "/CN=Development time-stamping root CA (DEVELOPMENT ONLY)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key",
                "-out", "tsa.csr", "-subj", "/CN=Development time-stamping authority (DEVELOPMENT ONLY)");
        openssl(dir, "x509", "-req", "-in", "tsa.csr", "-CA", "tsa-ca.crt", "-CAkey", "tsa-ca.key",
                "-CAcreateserial", "-days", "30", "-out", "tsa.crt", "-extfile", "tsa-ext.cnf");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OpensslTimestampAuthority tsa = new OpensslTimestampAuthority(dir, server);
        server.createContext("/", tsa::handle);
        server.start();
        return tsa;
    }

    /** Returns the URL to post time-stamp queries to. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Returns the PEM file of the TSA's root certificate, for {@code openssl ts -verify -CAfile}. */
    public Path rootCertificate() {
        return dir.resolve("tsa-ca.crt");
    }

    /** Returns the PEM file of the TSA's own certificate. */
    public Path certificate() {
        return dir.resolve("tsa.crt");
    }

    /** Returns how many queries the TSA received. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // openssl ts keeps a serial file, so the queries are handled one at a time.
    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = requests.incrementAndGet();
            Path query = dir.resolve("query-" + number + ".tsq");
            Path reply = dir.resolve("reply-" + number + ".tsr");
            try (InputStream in = exchange.getRequestBody()) {
                Files.write(query, in.readAllBytes());
            }

            boolean answered = reply(query, reply);

            if (!answered || !"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            byte[] body = Files.readAllBytes(reply);
            exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Returns whether an {@code openssl} command is on the PATH. */
    public static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void openssl(Path dir, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private boolean reply(Path query, Path reply) throws IOException {
        Process process = new ProcessBuilder(List.of("openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile",
                query.getFileName().toString(), "-out", reply.getFileName().toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("reply.log").toFile())
                .start();
        try {
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
