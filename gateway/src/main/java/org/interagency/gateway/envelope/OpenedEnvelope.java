package org.interagency.gateway.envelope;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The content of an envelope that passed decryption, signature and signer checks.
 *
 * @param content the signed content, exactly as the sender sealed it
 * @param signer the signer certificate, validated to a trust anchor
 * @param signerAgencyId the agency id from the signer's {@code urn:agency:} URI
 * @param signingTime the signing-time signed attribute
 */
public record OpenedEnvelope(byte[] content, X509Certificate signer, String signerAgencyId, Instant signingTime) {

    /** Names the signer only, so that the content never reaches a log line. */
    @Override
    public String toString() {
        return "OpenedEnvelope[agency=" + signerAgencyId + ", " + Certificates.describe(signer)
                + ", signingTime=" + signingTime + ", contentLength=" + content.length + "]";
    }
}
