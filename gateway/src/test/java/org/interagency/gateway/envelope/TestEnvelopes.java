package org.interagency.gateway.envelope;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Builds CMS structures the gateway never produces, such as SHA-1 signatures or DES
 * envelopes, so that tests can check that the opener and verifier reject them.
 */
final class TestEnvelopes {

    private TestEnvelopes() {
    }

    /** Signs the content as an attached SignedData with a JCA signature algorithm name such as {@code SHA1withECDSA}. */
    static byte[] sign(byte[] content, SigningIdentity signer, String signatureAlgorithm) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build())
                .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BouncyCastle.PROVIDER).build(signer.key()),
                        signer.certificate()));
        generator.addCertificates(new JcaCertStore(signer.chain()));
        return generator.generate(new CMSProcessableByteArray(content), true).toASN1Structure().getEncoded(ASN1Encoding.DER);
    }

    /** Signs the content as the gateway does, but with the given signing-time attribute. */
    static byte[] signAt(byte[] content, SigningIdentity signer, Instant signingTime) throws Exception {
        AttributeTable attributes = new AttributeTable(new Attribute(CMSAttributes.signingTime,
                new DERSet(new Time(Date.from(signingTime)))));
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.PROVIDER).build(signer.key()),
                        signer.certificate()));
        generator.addCertificates(new JcaCertStore(signer.chain()));
        return generator.generate(new CMSProcessableByteArray(content), true).toASN1Structure().getEncoded(ASN1Encoding.DER);
    }

    /**
     * Encrypts the bytes as an AES-256-GCM AuthEnvelopedData. EC recipients get ECDH with the
     * SHA-256 KDF, RSA recipients get Bouncy Castle's default RSA PKCS#1 v1.5 key transport.
     */
    static byte[] authEnvelope(byte[] signedData, X509Certificate recipient) throws Exception {
        CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(recipientInfo(recipient));
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                .setProvider(BouncyCastle.PROVIDER).build();
        return generator.generate(new CMSProcessableByteArray(signedData), encryptor).getEncoded();
    }

    /** Encrypts the bytes as an EnvelopedData with the given content cipher, such as {@link CMSAlgorithm#DES_CBC}. */
    static byte[] envelope(byte[] signedData, X509Certificate recipient, ASN1ObjectIdentifier cipher) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(recipientInfo(recipient));
        return generator.generate(new CMSProcessableByteArray(signedData),
                new JceCMSContentEncryptorBuilder(cipher).setProvider(BouncyCastle.PROVIDER).build()).getEncoded();
    }

    private static RecipientInfoGenerator recipientInfo(X509Certificate recipient) throws Exception {
        if (recipient.getPublicKey() instanceof ECPublicKey ecKey) {
            KeyPairGenerator keyPairGenerator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            keyPairGenerator.initialize(ecKey.getParams());
            KeyPair ephemeral = keyPairGenerator.generateKeyPair();
            return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                    ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP).addRecipient(recipient).setProvider(BouncyCastle.PROVIDER);
        }
        return new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BouncyCastle.PROVIDER);
    }
}
