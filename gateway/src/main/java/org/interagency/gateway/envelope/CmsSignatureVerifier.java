package org.interagency.gateway.envelope;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Checks an attached CMS SignedData (RFC 5652) with one signer and returns its content.
 * {@link EnvelopeOpener} and {@link SignedContent} both verify through this class.
 */
final class CmsSignatureVerifier {

    /** Verifier with {@link VerificationSettings#defaults()}, shared so that its CRL download cache lasts. */
    private static final CmsSignatureVerifier DEFAULT = new CmsSignatureVerifier(VerificationSettings.defaults());

    /** The content, signer and signing time of a SignedData that passed every check. */
    record VerifiedSignature(byte[] content, X509Certificate signer, Instant signingTime) {
    }

    /** The signer certificate and signing time of a signer info that passed every check. */
    record VerifiedSigner(X509Certificate certificate, Instant signingTime) {
    }

    private final VerificationSettings settings;
    private final SignerPathValidator pathValidator;

    /** Creates a verifier with {@link VerificationSettings#defaults()}. */
    CmsSignatureVerifier() {
        this(VerificationSettings.defaults());
    }

    CmsSignatureVerifier(VerificationSettings settings) {
        this.settings = settings;
        this.pathValidator = new SignerPathValidator(settings);
    }

    /**
     * Verifies with {@link VerificationSettings#defaults()}; see {@link #verifySignedData}.
     * NOTE: EnvelopeOpener calls this entry point, so opened envelopes get no CRL folder and
     * the configured clock skew is ignored until the opener takes VerificationSettings.
     */
    static VerifiedSignature verify(byte[] encoded, Collection<X509Certificate> trustAnchors, Instant now) {
        return DEFAULT.verifySignedData(encoded, trustAnchors, now);
    }

    /**
     * Parses the DER or BER ContentInfo, checks the algorithms against the policy, verifies
     * the single signature with the signer certificate carried in the SignedData, and
     * validates that certificate to one of the trust anchors.
     *
     * @throws SignatureInvalidException if the SignedData is unreadable, detached, has other
     *     than one signer, lacks a signing time or does not verify
     * @throws AlgorithmNotAllowedException if a digest or signature algorithm is refused
     * @throws KeyTooSmallException if the signer key is too short
     * @throws SignerExpiredException if the signer path is not valid at the signing time or now
     * @throws SignerRevokedException if a certificate of the signer path is revoked
     * @throws SignerRevocationUnknownException if revocation is checked but cannot be determined
     * @throws SignerUntrustedException if the signer certificate has no valid path to a
     *     trust anchor, or its key usage excludes signing
     */
    VerifiedSignature verifySignedData(byte[] encoded, Collection<X509Certificate> trustAnchors, Instant now) {
        CMSSignedData signedData = parse(encoded);
        byte[] content = encapsulatedContent(signedData);

        VerifiedSigner signer = verifySigner(signedData.getSignerInfos(), signedData.getCertificates(), trustAnchors, now);
        return new VerifiedSignature(content, signer.certificate(), signer.signingTime());
    }

    /**
     * Verifies a detached SignedData over {@code content} with the same checks as
     * {@link #verifySignedData}.
     *
     * @throws SignatureInvalidException if the SignedData is unreadable, has other than one
     *     signer or does not verify over {@code content}, and the other exceptions of
     *     {@link #verifySignedData}
     */
    VerifiedSignature verifyDetached(byte[] encoded, byte[] content, Collection<X509Certificate> trustAnchors, Instant now) {
        CMSSignedData signedData;
        try {
            signedData = new CMSSignedData(new CMSProcessableByteArray(content), encoded);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureInvalidException("The detached signature is not a CMS SignedData: " + e.getMessage(), e);
        }

        VerifiedSigner signer = verifySigner(signedData.getSignerInfos(), signedData.getCertificates(), trustAnchors, now);
        return new VerifiedSignature(content, signer.certificate(), signer.signingTime());
    }

    /**
     * Checks the single signer of a SignedData whose content the caller has already read:
     * algorithm policy, signing time, signature, signing-certificate-v2 and the signer's path.
     * A streaming reader calls this with the signer infos and certificates of a
     * {@link org.bouncycastle.cms.CMSSignedDataParser} after draining its signed content, so
     * that the parser has computed the digests. The caller must check that the
     * encapsulated content type is id-data.
     *
     * @throws SignatureInvalidException and the other exceptions of {@link #verifySignedData}
     */
    VerifiedSigner verifySigner(SignerInformationStore signerInfos, Store<X509CertificateHolder> certificates,
            Collection<X509Certificate> trustAnchors, Instant now) {
        SignerInformation signerInfo = singleSigner(signerInfos);
        X509CertificateHolder signerHolder = signerCertificate(certificates, signerInfo);
        X509Certificate signer = toX509(signerHolder);
        settings.algorithmPolicy().checkSigner(signerInfo, signer);
        Instant signingTime = signingTime(signerInfo, signer, now);

        verifySignature(signerInfo, signerHolder, signer);
        checkSigningCertificateV2(signerInfo, signer);

        pathValidator.validate(signer, allCertificates(certificates), trustAnchors, signingTime, now);
        return new VerifiedSigner(signer, signingTime);
    }

    private static CMSSignedData parse(byte[] encoded) {
        CMSSignedData signedData;
        try {
            signedData = new CMSSignedData(encoded);
        } catch (CMSException | RuntimeException e) {
            // Bouncy Castle reports some malformed ASN.1 as IllegalArgumentException or ClassCastException.
            throw new SignatureInvalidException("The signed content is not a CMS SignedData: " + e.getMessage(), e);
        }
        if (!CMSObjectIdentifiers.signedData.equals(signedData.toASN1Structure().getContentType())) {
            throw new SignatureInvalidException("The ContentInfo type is "
                    + signedData.toASN1Structure().getContentType() + ", expected id-signedData");
        }
        return signedData;
    }

    private static byte[] encapsulatedContent(CMSSignedData signedData) {
        if (signedData.getSignedContent() == null) {
            throw new SignatureInvalidException("The SignedData is detached; the content must be encapsulated");
        }
        ASN1ObjectIdentifier type = signedData.getSignedContent().getContentType();
        if (!CMSObjectIdentifiers.data.equals(type)) {
            throw new SignatureInvalidException("The encapsulated content type is " + type + ", expected id-data");
        }
        return (byte[]) signedData.getSignedContent().getContent();
    }

    private static SignerInformation singleSigner(SignerInformationStore signerInfos) {
        Collection<SignerInformation> signers = signerInfos.getSigners();
        if (signers.size() != 1) {
            throw new SignatureInvalidException("The SignedData has " + signers.size() + " signers, expected exactly one");
        }
        return signers.iterator().next();
    }

    private static X509CertificateHolder signerCertificate(Store<X509CertificateHolder> certificates,
            SignerInformation signerInfo) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certificates.getMatches(signerInfo.getSID());
        if (matches.isEmpty()) {
            throw new SignatureInvalidException("The SignedData does not carry the signer certificate (issuer "
                    + signerInfo.getSID().getIssuer() + ", serial " + hex(signerInfo.getSID()) + ")");
        }
        return matches.iterator().next();
    }

    /**
     * Reads the signing-time attribute. The path is validated at this time, so it must
     * exist and must not lie in the future by more than the configured clock skew.
     * NOTE: the signer chooses this time. The certificate must also be valid now, but a
     * signature may still be backdated within its validity, because there is no trusted
     * timestamp and no maximum age.
     */
    private Instant signingTime(SignerInformation signerInfo, X509Certificate signer, Instant now) {
        AttributeTable attributes = signerInfo.getSignedAttributes();
        Attribute attribute = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            throw new SignatureInvalidException("The signature of " + Certificates.describe(signer)
                    + " has no single signing-time signed attribute");
        }

        Instant signingTime = Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
        Duration skew = settings.clockSkew();
        if (signingTime.isAfter(now.plus(skew))) {
            throw new SignatureInvalidException("The signing time " + signingTime + " of " + Certificates.describe(signer)
                    + " is after the current time " + now + " plus the allowed clock skew of " + skew);
        }
        return signingTime;
    }

    /**
     * Verifies the signature over the signed attributes. Bouncy Castle also checks the
     * message digest and content type attributes (RFC 5652, section 11) and the CMS algorithm
     * protection attribute when present (RFC 6211). It also checks that the certificate is
     * valid at the signing time, without clock skew.
     */
    private static void verifySignature(SignerInformation signerInfo, X509CertificateHolder holder, X509Certificate signer) {
        boolean valid;
        try {
            valid = signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(holder));
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new SignerExpiredException("The certificate " + Certificates.describe(signer)
                    + " is expired or not yet valid at the signing time", e);
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            throw new SignatureInvalidException("The signature of " + Certificates.describe(signer)
                    + " does not verify: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureInvalidException("The signature of " + Certificates.describe(signer) + " does not verify");
        }
    }

    /**
     * When a signing-certificate-v2 attribute is present, its first ESSCertIDv2 must identify
     * the signer certificate (RFC 5035, section 5.4), so that a certificate substituted in the
     * SignedData is detected. The attribute stays optional because OpenSSL adds it only with
     * {@code -cades}.
     */
    private static void checkSigningCertificateV2(SignerInformation signerInfo, X509Certificate signer) {
        Attribute attribute = signerInfo.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attribute == null) {
            return;
        }

        ESSCertIDv2 certId;
        byte[] hash;
        try {
            certId = SigningCertificateV2.getInstance(attribute.getAttrValues().getObjectAt(0)).getCerts()[0];
            String hashAlgorithm = certId.getHashAlgorithm().getAlgorithm().getId();
            hash = MessageDigest.getInstance(hashAlgorithm, BouncyCastle.PROVIDER).digest(signer.getEncoded());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SignatureInvalidException("The signing-certificate-v2 attribute of " + Certificates.describe(signer)
                    + " cannot be read: " + e.getMessage(), e);
        }

        if (!Arrays.equals(hash, certId.getCertHash())) {
            throw new SignatureInvalidException("The signing-certificate-v2 hash does not match the signer certificate "
                    + Certificates.describe(signer));
        }
        IssuerSerial issuerSerial = certId.getIssuerSerial();
        if (issuerSerial != null && !issuerSerial.getSerial().getValue().equals(signer.getSerialNumber())) {
            throw new SignatureInvalidException("The signing-certificate-v2 serial does not match the signer certificate "
                    + Certificates.describe(signer));
        }
    }

    private static List<X509Certificate> allCertificates(Store<X509CertificateHolder> carried) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (X509CertificateHolder holder : carried.getMatches(null)) {
            certificates.add(toX509(holder));
        }
        return certificates;
    }

    private static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new SignatureInvalidException("A certificate in the SignedData cannot be decoded (subject "
                    + holder.getSubject() + "): " + e.getMessage(), e);
        }
    }

    private static String hex(org.bouncycastle.cms.SignerId signerId) {
        return signerId.getSerialNumber() == null ? "none" : signerId.getSerialNumber().toString(16);
    }
}
