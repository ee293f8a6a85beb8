package org.interagency.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.interagency.gateway.pki.DevTls;
import org.springframework.context.ConfigurableApplicationContext;

/** One gateway started by a test, with HTTPS clients that present dev client certificates. */
public final class TestGateway {

    private final String county;
    private final int port;
    private final Path pki;
    private final ConfigurableApplicationContext context;
    private final Map<Path, HttpClient> clients = new HashMap<>();

    TestGateway(String county, int port, Path pki, ConfigurableApplicationContext context) {
        this.county = county;
        this.port = port;
        this.pki = pki;
        this.context = context;
    }

    public String county() {
        return county;
    }

    public int port() {
        return port;
    }

    /** Returns a bean of this gateway's application context. */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    void stop() {
        context.close();
    }

    /** Sends a GET as the agency system of {@code agency} (a dev client certificate). */
    public HttpResponse<byte[]> get(String agency, String path) {
        return send(clientOf(agency), HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Sends a GET with the given client keystore, such as {@link #complianceOfficer()}. */
    public HttpResponse<byte[]> getAs(Path keystore, String path) {
        return send(keystore, HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Returns the client keystore of this county's compliance officer in the test PKI. */
    public Path complianceOfficer() {
        return pki.resolve(county).resolve("clients").resolve("compliance-officer.p12");
    }

    /** Sends a POST as the agency system of {@code agency}; a null content type sends none. */
    public HttpResponse<byte[]> post(String agency, String path, String contentType, byte[] body) {
        return post(clientOf(agency), path, contentType, body);
    }

    /** Sends a POST with the given client keystore, or none when {@code keystore} is null. */
    public HttpResponse<byte[]> postAs(Path keystore, String path, String contentType, byte[] body) {
        return post(keystore, path, contentType, body);
    }

    /** Sends a request without a body, with the given client keystore or none when {@code keystore} is null. */
    public HttpResponse<byte[]> requestAs(Path keystore, String method, String path) {
        return send(keystore, HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Returns the URI of {@code path} on this gateway. */
    public URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    private HttpResponse<byte[]> post(Path keystore, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(keystore, request);
    }

    /** Returns the client keystore of {@code agency}'s system in the test PKI. */
    public Path clientOf(String agency) {
        return pki.resolve(agency.substring(0, agency.indexOf('.'))).resolve("clients").resolve(agency + ".p12");
    }

    /** Returns this gateway's own TLS keystore, with which it calls partner gateways. */
    public Path gatewayTls() {
        return pki.resolve(county).resolve("gateway-tls.p12");
    }

    private HttpResponse<byte[]> send(Path keystore, HttpRequest.Builder request) {
        HttpClient client = clients.computeIfAbsent(keystore == null ? pki : keystore, key -> HttpClient.newBuilder()
                .sslContext(DevTls.clientContext(keystore, pki.resolve("truststore.p12")))
                .connectTimeout(Duration.ofSeconds(5))
                .build());
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + county + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
