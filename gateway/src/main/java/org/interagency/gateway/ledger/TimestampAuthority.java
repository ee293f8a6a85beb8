package org.interagency.gateway.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * A client of an RFC 3161 time-stamping authority over HTTP (RFC 3161 section 3.4): it posts
 * a {@code application/timestamp-query} with the SHA-256 digest of the data and a nonce, and
 * checks that the response grants a token for that digest and nonce.
 */
public class TimestampAuthority {

    /** Media type of an RFC 3161 request. */
    public static final String QUERY_TYPE = "application/timestamp-query";

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    public TimestampAuthority(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Returns the authority's URL, for log lines. */
    public URI url() {
        return url;
    }

    /**
     * Requests a time-stamp token over the SHA-256 digest of {@code data} and returns the DER
     * TimeStampResp, which {@code openssl ts -verify -in} reads.
     *
     * @throws GatewayException TIMESTAMP_UNAVAILABLE when the authority cannot be reached or
     *     its response does not grant a token that matches the request
     */
    public byte[] timestamp(byte[] data) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(NISTObjectIdentifiers.id_sha256, sha256(data),
                new BigInteger(64, random));

        byte[] body = post(request);

        try {
            TimeStampResponse response = new TimeStampResponse(body);
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                throw new GatewayException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the time-stamping authority " + url
                        + " granted no token (status " + response.getStatus() + ": " + response.getStatusString() + ")");
            }
            return response.getEncoded();
        } catch (TSPException | IOException e) {
            throw new GatewayException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the time-stamping authority " + url
                    + " sent a response that does not match the request (" + e.getMessage() + ")", e);
        }
    }

    private byte[] post(TimeStampRequest request) {
        try {
            HttpRequest post = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", QUERY_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                    .build();
            HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new GatewayException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the time-stamping authority " + url
                        + " responded with status " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the time-stamping authority " + url
                    + " could not be reached (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.TIMESTAMP_UNAVAILABLE, "the request to the time-stamping authority "
                    + url + " was interrupted", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", e);
        }
    }
}
