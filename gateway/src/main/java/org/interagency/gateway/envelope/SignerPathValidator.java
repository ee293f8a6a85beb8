package org.interagency.gateway.envelope;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates a signer certificate with the JDK's PKIX implementation (RFC 5280, section 6):
 * a path to a trust anchor at the signing time, the validity of every certificate of the
 * path at the signing time and now, the signer's key usage, and revocation by CRL and,
 * where enabled, OCSP.
 */
final class SignerPathValidator {

    /** OID of anyExtendedKeyUsage (RFC 5280, section 4.2.1.12). */
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final VerificationSettings settings;
    private final CrlSource crlSource;

    SignerPathValidator(VerificationSettings settings) {
        this.settings = settings;
        this.crlSource = new CrlSource(settings.crlFolder(), settings.crlDistributionPoints(), settings.crlFetchTimeout());
    }

    /**
     * Validates the signer: builds a path to one of the anchors, checks that each certificate
     * of it is valid at the signing time and at {@code now} (both within the clock skew), that
     * the signer may sign content, and that no certificate of the path is revoked.
     *
     * @throws SignerUntrustedException if no path exists or the key usage excludes signing
     * @throws SignerExpiredException if a certificate of the path is expired or not yet valid
     * @throws SignerRevokedException if a certificate of the path is revoked
     * @throws SignerRevocationUnknownException if revocation is checked and no CRL or OCSP
     *     response covers a certificate of the path
     */
    void validate(X509Certificate signer, Collection<X509Certificate> carried,
            Collection<X509Certificate> trustAnchors, Instant signingTime, Instant now) {
        Set<TrustAnchor> anchors = trustAnchors.stream()
                .map(anchor -> new TrustAnchor(anchor, null))
                .collect(Collectors.toSet());
        checkValidity(signer, signingTime, "the signing time");
        checkValidity(signer, now, "the current time");

        PKIXCertPathBuilderResult built = buildPath(signer, carried, anchors, clampToValidity(signingTime, signer));
        @SuppressWarnings("unchecked")
        List<X509Certificate> path = (List<X509Certificate>) built.getCertPath().getCertificates();
        for (X509Certificate certificate : path) {
            checkValidity(certificate, now, "the current time");
        }

        checkSigningUsage(signer);
        checkRevocation(built.getCertPath(), path, anchors, clampToValidity(now, signer));
    }

    /**
     * Rejects a certificate that is outside its validity period at {@code time} by more than
     * the clock skew.
     */
    private void checkValidity(X509Certificate certificate, Instant time, String which) {
        Duration skew = settings.clockSkew();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (time.plus(skew).isBefore(notBefore)) {
            throw new SignerExpiredException("The certificate " + Certificates.describe(certificate)
                    + " is not valid before " + notBefore + ", after " + which + " " + time
                    + " plus the allowed clock skew of " + skew);
        }
        if (time.minus(skew).isAfter(notAfter)) {
            throw new SignerExpiredException("The certificate " + Certificates.describe(certificate)
                    + " expired at " + notAfter + ", before " + which + " " + time
                    + " minus the allowed clock skew of " + skew);
        }
    }

    /** Moves a time that lies within the clock skew outside the certificate's validity onto its nearest bound. */
    private static Instant clampToValidity(Instant time, X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (time.isBefore(notBefore)) {
            return notBefore;
        }
        return time.isAfter(notAfter) ? notAfter : time;
    }

    private static PKIXCertPathBuilderResult buildPath(X509Certificate signer, Collection<X509Certificate> carried,
            Set<TrustAnchor> anchors, Instant validationTime) {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(signer);
        List<X509Certificate> candidates = new ArrayList<>(carried);
        candidates.add(signer);

        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            parameters.setDate(Date.from(validationTime));
            // Revocation is checked on the built path, where the validator reports why it failed.
            parameters.setRevocationEnabled(false);

            return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw new SignerUntrustedException("No valid certification path from " + Certificates.describe(signer)
                    + " to a trust anchor at " + validationTime + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The PKIX certification path builder could not be set up", e);
        }
    }

    /**
     * Validates the path again with revocation checking, at {@code now} because a revocation
     * after signing still means the key can no longer be trusted. CRLs come from
     * {@link CrlSource}; OCSP is asked only when enabled, with CRLs as fallback.
     */
    private void checkRevocation(CertPath certPath, List<X509Certificate> path, Set<TrustAnchor> anchors, Instant now) {
        // NOTE: a path with no CRL folder, no HTTP distribution point and OCSP off is accepted
        // without a revocation check, because there is nothing to check against.
        if (!settings.ocspEnabled() && !crlSource.appliesTo(path)) {
            return;
        }

        List<X509CRL> crls = crlSource.crlsFor(path, now);
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
            // NOTE: the OCSP branch has no test, because no OCSP responder is set up for tests.
            revocation.setOptions(settings.ocspEnabled()
                    ? EnumSet.noneOf(PKIXRevocationChecker.Option.class)
                    : EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));

            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            parameters.addCertPathChecker(revocation);
            validator.validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw revocationFailure(path.get(0), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("The PKIX revocation check could not be set up", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The PKIX certification path validator is not available", e);
        }
    }

    private static RuntimeException revocationFailure(X509Certificate signer, CertPathValidatorException e) {
        int index = e.getIndex();
        String which = index >= 0 && e.getCertPath() != null && index < e.getCertPath().getCertificates().size()
                ? Certificates.describe((X509Certificate) e.getCertPath().getCertificates().get(index))
                : "a certificate in the path of " + Certificates.describe(signer);
        if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
            return new SignerRevokedException("The certificate " + which + " is revoked: " + e.getMessage(), e);
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new SignerRevocationUnknownException("The revocation status of " + which
                    + " could not be determined; put a current CRL of its issuer in gateway.envelope.crl-folder"
                    + " or make its CRL distribution point reachable: " + e.getMessage(), e);
        }
        return new SignerUntrustedException("The certification path of " + Certificates.describe(signer)
                + " failed validation: " + e.getMessage(), e);
    }

    /**
     * Rejects a signer whose key usage lacks digitalSignature and nonRepudiation, or whose
     * extended key usage restricts it to other purposes such as TLS; message signing
     * certificates of this PKI carry no extended key usage.
     */
    private static void checkSigningUsage(X509Certificate signer) {
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[AlgorithmPolicy.KeyUsageBits.DIGITAL_SIGNATURE]
                && !keyUsage[AlgorithmPolicy.KeyUsageBits.NON_REPUDIATION]) {
            throw new SignerUntrustedException("The key usage of " + Certificates.describe(signer)
                    + " allows neither digitalSignature nor nonRepudiation");
        }

        List<String> extendedKeyUsage;
        try {
            extendedKeyUsage = signer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new SignerUntrustedException("The extended key usage of " + Certificates.describe(signer)
                    + " cannot be parsed", e);
        }
        if (extendedKeyUsage != null && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new SignerUntrustedException("The extended key usage " + extendedKeyUsage + " of "
                    + Certificates.describe(signer) + " does not allow signing messages");
        }
    }
}
