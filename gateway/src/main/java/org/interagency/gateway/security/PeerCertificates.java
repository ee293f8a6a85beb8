package org.interagency.gateway.security;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.interagency.gateway.directory.County;

/**
 * Binds a partner gateway's TLS client certificate to the directory entry of the county it
 * names. The TLS handshake only proves that the certificate chains to a trusted root, and any
 * county CA under that root could issue a certificate naming another county's gateway. So
 * the gateway also requires that the CA key that signed the TLS certificate signed one of
 * the county's encryption certificates that the directory lists.
 *
 * <p>NOTE: a network whose counties share one issuing CA gets no protection from this check;
 * there the URI name in the certificate is the only binding, and the CA must vouch for it.
 */
final class PeerCertificates {

    private PeerCertificates() {
    }

    /**
     * Returns whether the issuer of {@code chain[0]}, found among the certificates the client
     * sent, signed both that certificate and an encryption certificate of {@code county}.
     */
    static boolean issuedByCountyCa(X509Certificate[] chain, County county) {
        X509Certificate leaf = chain[0];
        for (int i = 1; i < chain.length; i++) {
            X509Certificate issuer = chain[i];
            if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
                    || !signedBy(leaf, issuer.getPublicKey())) {
                continue;
            }
            for (X509Certificate encryption : county.encryptionCertificates()) {
                if (encryption.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                        && signedBy(encryption, issuer.getPublicKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
