package org.interagency.gateway.envelope;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The content of a CMS SignedData that passed signature and signer checks.
 *
 * @param content the encapsulated content
 * @param signer the signer certificate, validated to a trust anchor
 * @param signerUris the URI subject alternative names of the signer certificate
 * @param signingTime the signing-time signed attribute
 */
public record VerifiedContent(byte[] content, X509Certificate signer, List<String> signerUris, Instant signingTime) {

    /** Names the signer only, so that the content never reaches a log line. */
    @Override
    public String toString() {
        return "VerifiedContent[" + Certificates.describe(signer) + ", uris=" + signerUris
                + ", signingTime=" + signingTime + ", contentLength=" + content.length + "]";
    }
}
