package org.interagency.gateway.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key pair with its certificate.
 *
 * @param chain the certificate followed by its issuers up to and including the root
 */
record IssuedCertificate(KeyPair keyPair, X509Certificate certificate, List<X509Certificate> chain) {
}
