package org.interagency.gateway.envelope;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates a signer certificate to a trust anchor with the JDK's PKIX implementation
 * (RFC 5280, section 6), using the certificates carried in the SignedData as candidate
 * intermediates.
 */
final class SignerPathValidator {

    /** Key usage bits (RFC 5280, section 4.2.1.3) that allow a key to sign content. */
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;

    /** OID of anyExtendedKeyUsage (RFC 5280, section 4.2.1.12). */
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private SignerPathValidator() {
    }

    /**
     * Builds and validates a path from the signer to one of the anchors at the given time,
     * then checks that the signer certificate may sign content.
     *
     * @throws SignerUntrustedException if no valid path exists or the key usage excludes signing
     */
    static void validate(X509Certificate signer, Collection<X509Certificate> carried,
            Collection<X509Certificate> trustAnchors, Instant validationTime) {
        buildPath(signer, carried, trustAnchors, validationTime);
        checkSigningUsage(signer);
    }

    private static void buildPath(X509Certificate signer, Collection<X509Certificate> carried,
            Collection<X509Certificate> trustAnchors, Instant validationTime) {
        Set<TrustAnchor> anchors = trustAnchors.stream()
                .map(anchor -> new TrustAnchor(anchor, null))
                .collect(Collectors.toSet());
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(signer);

        List<X509Certificate> candidates = new ArrayList<>(carried);
        candidates.add(signer);

        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            parameters.setDate(Date.from(validationTime));
            // NOTE: revocation is not checked yet; a revoked signer is accepted until CRL or OCSP
            // checking is configured here.
            parameters.setRevocationEnabled(false);

            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw new SignerUntrustedException("No valid certification path from " + Certificates.describe(signer)
                    + " to a trust anchor at " + validationTime + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The PKIX certification path builder could not be set up", e);
        }
    }

    /**
     * Rejects a signer whose key usage lacks digitalSignature and nonRepudiation, or whose
     * extended key usage restricts it to other purposes such as TLS; message signing
     * certificates of this PKI carry no extended key usage.
     */
    private static void checkSigningUsage(X509Certificate signer) {
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE] && !keyUsage[NON_REPUDIATION]) {
            throw new SignerUntrustedException("The key usage of " + Certificates.describe(signer)
                    + " allows neither digitalSignature nor nonRepudiation");
        }

        List<String> extendedKeyUsage;
        try {
            extendedKeyUsage = signer.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new SignerUntrustedException("The extended key usage of " + Certificates.describe(signer)
                    + " cannot be parsed", e);
        }
        if (extendedKeyUsage != null && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new SignerUntrustedException("The extended key usage " + extendedKeyUsage + " of "
                    + Certificates.describe(signer) + " does not allow signing messages");
        }
    }
}
