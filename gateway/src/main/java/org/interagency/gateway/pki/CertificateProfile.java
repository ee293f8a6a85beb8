package org.interagency.gateway.pki;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The extensions that set what a certificate may do.
 *
 * @param pathLength for a CA, the number of CAs allowed below it; -1 for an end entity
 * @param keyUsage the key usage bits, as {@link KeyUsage} constants
 * @param extendedKeyUsage the extended key usage, or null to leave the extension out
 * @param subjectAlternativeNames the subject alternative names, or null to leave the extension out
 */
record CertificateProfile(int pathLength, int keyUsage, ExtendedKeyUsage extendedKeyUsage,
        GeneralNames subjectAlternativeNames) {

    static CertificateProfile ca(int pathLength) {
        return new CertificateProfile(pathLength,
                KeyUsage.keyCertSign | KeyUsage.cRLSign, null, null);
    }

    static CertificateProfile endEntity(int keyUsage, ExtendedKeyUsage extendedKeyUsage, GeneralNames names) {
        return new CertificateProfile(-1, keyUsage, extendedKeyUsage, names);
    }

    boolean isCa() {
        return pathLength >= 0;
    }
}
