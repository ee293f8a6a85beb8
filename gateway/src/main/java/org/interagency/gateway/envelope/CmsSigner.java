package org.interagency.gateway.envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Makes an attached CMS SignedData (RFC 5652) with one signer. {@link EnvelopeSealer} and
 * {@link SignedContent} both sign through this class.
 */
final class CmsSigner {

    private CmsSigner() {
    }

    /**
     * Signs the content and returns the DER ContentInfo. The content is encapsulated as
     * id-data, the signer's chain is included, and the signed attributes are content type,
     * message digest, signing time (added by Bouncy Castle's default attribute generator,
     * with CMS algorithm protection, RFC 6211) and signing-certificate-v2 (RFC 5035).
     */
    static byte[] sign(byte[] content, SigningIdentity signer) {
        return sign(content, signer, true);
    }

    /**
     * Signs the content as {@link #sign(byte[], SigningIdentity)} does; with {@code encapsulate}
     * false the SignedData is detached (RFC 5652 section 5.2: no eContent), so the content
     * travels or is stored beside it.
     */
    static byte[] sign(byte[] content, SigningIdentity signer, boolean encapsulate) {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(signatureAlgorithm(signer.key()))
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(signer.key());

            AttributeTable signedAttributes = new AttributeTable(signingCertificateV2(signer.certificate()));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
                    .build(contentSigner, signer.certificate()));
            generator.addCertificates(new JcaCertStore(signer.chain()));

            CMSSignedData signedData = generator.generate(new CMSProcessableByteArray(content), encapsulate);
            return signedData.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | GeneralSecurityException | CMSException | IOException e) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE,
                    "Signing failed with the key of " + Certificates.describe(signer.certificate()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts an attached SignedData on {@code out} with the same signer info and certificates
     * as {@link #sign(byte[], SigningIdentity)}, but BER-encoded with indefinite lengths. The
     * caller writes the content to the returned stream; the digest is computed while it is
     * written, and closing the stream writes the signer info. Closing it leaves {@code out} open.
     */
    static OutputStream openSigningStream(OutputStream out, SigningIdentity signer) throws IOException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(signatureAlgorithm(signer.key()))
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(signer.key());

            AttributeTable signedAttributes = new AttributeTable(signingCertificateV2(signer.certificate()));
            CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
                    .build(contentSigner, signer.certificate()));
            generator.addCertificates(new JcaCertStore(signer.chain()));

            return generator.open(out, true);
        } catch (OperatorCreationException | GeneralSecurityException | CMSException e) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE,
                    "Signing failed with the key of " + Certificates.describe(signer.certificate()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Chooses ECDSA with SHA-384 for P-384 and larger EC keys, with SHA-256 for P-256, and
     * RSASSA-PSS with SHA-256 and MGF1-SHA-256 for RSA keys. The digest algorithm follows the
     * signature's hash.
     */
    private static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ecKey) {
            return ecKey.getParams().getCurve().getField().getFieldSize() >= 384 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if ("EC".equals(key.getAlgorithm())) {
            return "SHA256withECDSA";
        }
        if (key instanceof RSAPrivateKey || "RSA".equals(key.getAlgorithm())) {
            return "SHA256withRSAandMGF1";
        }
        throw new IllegalArgumentException("Unsupported signing key algorithm " + key.getAlgorithm()
                + "; use an EC or RSA key");
    }

    /**
     * Builds the signing-certificate-v2 attribute, which binds the signature to the signer
     * certificate (RFC 5035, section 3). Its one ESSCertIDv2 has the SHA-256 hash of the
     * certificate and its issuer and serial number. SHA-256 is the default hash algorithm, so
     * DER omits it.
     */
    private static Attribute signingCertificateV2(X509Certificate certificate) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
                certificate.getSerialNumber());
        SigningCertificateV2 value = new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(value));
    }
}
