package org.interagency.gateway.directory;

import java.net.URI;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A county of the network with its gateway. The first encryption certificate is the one
 * senders encrypt to; more than one appear while the gateway rotates keys.
 */
public record County(String id, String name, URI endpoint, List<X509Certificate> encryptionCertificates,
        List<Agency> agencies) {

    /**
     * Returns the encryption certificates valid at {@code now}, in directory order: an
     * envelope gets one recipient entry for each, so the gateway can open it with either key
     * while it rotates them.
     *
     * @throws UnknownRecipientException if none is valid, naming the county and the fix
     */
    public List<X509Certificate> validEncryptionCertificates(Instant now) {
        List<X509Certificate> valid = encryptionCertificates.stream()
                .filter(certificate -> isValidAt(certificate, now))
                .toList();
        if (valid.isEmpty()) {
            throw new UnknownRecipientException("county " + id + " has no encryption certificate valid at " + now
                    + " in the directory; the county must publish a new one before messages can be sealed to it");
        }
        return valid;
    }

    private static boolean isValidAt(X509Certificate certificate, Instant now) {
        return !now.isBefore(certificate.getNotBefore().toInstant()) && !now.isAfter(certificate.getNotAfter().toInstant());
    }
}
