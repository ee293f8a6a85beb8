package org.interagency.gateway.envelope;

import java.security.cert.X509Certificate;

/** Formats certificates for exception messages and log lines. */
final class Certificates {

    private Certificates() {
    }

    /** Returns the subject and the serial number in hex, which identify a certificate to an operator. */
    static String describe(X509Certificate certificate) {
        return "subject=\"" + certificate.getSubjectX500Principal().getName() + "\", serial="
                + certificate.getSerialNumber().toString(16);
    }
}
