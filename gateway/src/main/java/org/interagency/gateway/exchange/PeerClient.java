package org.interagency.gateway.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Posts envelopes and receipts to partner gateways over HTTPS with mutual TLS. The server
 * certificate must chain to the trust anchors (the SSL context's trust store) and name the
 * county that the directory lists at that endpoint.
 */
public class PeerClient {

    /** Media type of CMS envelopes and signed receipts (RFC 8551). */
    public static final String PKCS7_MIME = "application/pkcs7-mime";

    private final HttpClient http;
    private final Directory directory;
    private final GatewayProperties.Delivery settings;

    public PeerClient(SSLContext tls, Directory directory, GatewayProperties.Delivery settings) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(settings.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.directory = directory;
        this.settings = settings;
    }

    /**
     * Posts {@code body} to {@code path} of {@code county}'s gateway and returns the response
     * body of a 200 or 202.
     *
     * @throws GatewayException PEER_UNAVAILABLE (retryable) on a network failure or 5xx;
     *         PEER_REJECTED with the peer's status on 4xx
     */
    public byte[] post(String county, String path, byte[] body, String messageId) {
        County peer = directory.county(county).orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_RECIPIENT,
                "county " + county + " is not in the directory"));
        URI uri = peer.endpoint().resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.getRequestTimeout())
                .header("Content-Type", PKCS7_MIME)
                .header("Accept", PKCS7_MIME + ", application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<byte[]> response = send(request, county, messageId);

        checkPeerIdentity(response, county, messageId);
        int status = response.statusCode();
        if (status == 200 || status == 202) {
            return response.body();
        }
        if (status >= 500 || status == 429) {
            throw new GatewayException(ErrorCode.PEER_UNAVAILABLE, "gateway of " + county + " responded with status " + status
                    + " to message " + messageId + "; delivery will be retried");
        }
        throw new GatewayException(ErrorCode.PEER_REJECTED, "gateway of " + county + " rejected message " + messageId
                + " with status " + status + " (" + OperationOutcomeCodes.first(response.body())
                + "); see the peer's log for that code");
    }

    private HttpResponse<byte[]> send(HttpRequest request, String county, String messageId) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.PEER_UNAVAILABLE, "gateway of " + county + " at " + request.uri()
                    + " could not be reached for message " + messageId + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.PEER_UNAVAILABLE, "delivery of message " + messageId + " to "
                    + county + " was interrupted", e);
        }
    }

    private static void checkPeerIdentity(HttpResponse<?> response, String county, String messageId) {
        String expected = CertificateUris.GATEWAY_PREFIX + county;
        try {
            Certificate[] chain = response.sslSession()
                    .orElseThrow(() -> new SSLPeerUnverifiedException("no TLS session"))
                    .getPeerCertificates();
            List<String> names = CertificateUris.uris((X509Certificate) chain[0]);
            if (!names.contains(expected)) {
                throw new GatewayException(ErrorCode.PEER_REJECTED, "the server at the endpoint of " + county
                        + " presented a certificate naming " + names + ", not " + expected + "; message " + messageId
                        + " was not trusted to it; check the directory endpoint");
            }
        } catch (SSLPeerUnverifiedException e) {
            throw new GatewayException(ErrorCode.PEER_UNAVAILABLE, "no verified TLS peer for " + county, e);
        }
    }
}
