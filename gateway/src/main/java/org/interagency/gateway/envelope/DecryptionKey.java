package org.interagency.gateway.envelope;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key that opens envelopes addressed to its certificate.
 *
 * @param key the private key of the recipient
 * @param certificate the certificate senders encrypt to; it identifies the recipient info
 */
public record DecryptionKey(PrivateKey key, X509Certificate certificate) {

    /** Rejects null components. */
    public DecryptionKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Names the certificate only, so that the key never reaches a log line. */
    @Override
    public String toString() {
        return "DecryptionKey[" + Certificates.describe(certificate) + "]";
    }
}
