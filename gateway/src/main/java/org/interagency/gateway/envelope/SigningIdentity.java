package org.interagency.gateway.envelope;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A signing key with its certificate and certificate chain.
 *
 * @param key the private key that signs
 * @param certificate the certificate of {@code key}
 * @param chain the certificate followed by its issuers, as stored in a PKCS#12 key entry;
 *     an empty list is replaced by a list holding only {@code certificate}
 */
public record SigningIdentity(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {

    /** Checks that the chain starts with the certificate and copies it. */
    public SigningIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(chain, "chain");

        if (chain.isEmpty()) {
            chain = List.of(certificate);
        } else if (!chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("The chain must start with the signing certificate "
                    + Certificates.describe(certificate));
        }
        chain = List.copyOf(chain);
    }

    /** Names the certificate only, so that the key never reaches a log line. */
    @Override
    public String toString() {
        return "SigningIdentity[" + Certificates.describe(certificate) + "]";
    }
}
