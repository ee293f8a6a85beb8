package org.interagency.gateway.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues X.509 v3 certificates and v2 CRLs signed with SHA256withECDSA. */
final class CertificateIssuer {

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private final SecureRandom random;

    CertificateIssuer(SecureRandom random) {
        this.random = random;
    }

    /**
     * Issues a certificate for the key pair. The basic constraints and key usage extensions
     * are critical, as RFC 5280 (sections 4.2.1.9 and 4.2.1.3) requires for CAs.
     *
     * @param subject the subject in RFC 4514 form, such as {@code CN=..., O=...}
     * @param issuingCa the CA that signs, or null for a self-signed root
     */
    IssuedCertificate issue(KeyPair keyPair, String subject, IssuedCertificate issuingCa,
            Instant notBefore, Instant notAfter, CertificateProfile profile) throws GeneralSecurityException {
        // X500Principal reads RFC 4514 order (most specific first) and encodes the RDNs in
        // reverse, so the O comes before the CN in the DER, as X.509 expects.
        X500Name subjectName = X500Name.getInstance(new X500Principal(subject).getEncoded());
        X500Name issuerName = issuingCa == null
                ? subjectName
                : X500Name.getInstance(issuingCa.certificate().getSubjectX500Principal().getEncoded());
        PublicKey issuerPublicKey = issuingCa == null ? keyPair.getPublic() : issuingCa.certificate().getPublicKey();
        PrivateKey signingKey = issuingCa == null ? keyPair.getPrivate() : issuingCa.keyPair().getPrivate();

        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, DevPki.randomSerial(random),
                Date.from(notBefore), Date.from(notAfter), subjectName, keyPair.getPublic());
        addExtensions(builder, keyPair.getPublic(), issuerPublicKey, profile);

        X509Certificate certificate = sign(builder, signingKey);

        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        if (issuingCa != null) {
            chain.addAll(issuingCa.chain());
        }
        return new IssuedCertificate(keyPair, certificate, List.copyOf(chain));
    }

    /**
     * Issues a CRL (RFC 5280, section 5) of the CA that lists the serial numbers as revoked
     * for key compromise, with CRL number 1 and an authority key identifier.
     */
    X509CRL issueCrl(IssuedCertificate ca, List<BigInteger> revokedSerials, Instant thisUpdate, Instant nextUpdate)
            throws GeneralSecurityException {
        X500Name issuerName = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revokedSerials) {
            builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("Cannot encode a CRL extension", e);
        }

        ContentSigner signer = contentSigner(ca.keyPair().getPrivate());
        return new JcaX509CRLConverter().getCRL(builder.build(signer));
    }

    private static void addExtensions(X509v3CertificateBuilder builder, PublicKey subjectKey, PublicKey issuerKey,
            CertificateProfile profile) throws GeneralSecurityException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        try {
            BasicConstraints basicConstraints = profile.isCa()
                    ? new BasicConstraints(profile.pathLength())
                    : new BasicConstraints(false);
            builder.addExtension(Extension.basicConstraints, true, basicConstraints);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));

            if (profile.extendedKeyUsage() != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, profile.extendedKeyUsage());
            }
            if (profile.subjectAlternativeNames() != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, profile.subjectAlternativeNames());
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException("Cannot encode a certificate extension", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner(signingKey)));
    }

    private static ContentSigner contentSigner(PrivateKey signingKey) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(PROVIDER).build(signingKey);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot create the SHA256withECDSA signer", e);
        }
    }
}
