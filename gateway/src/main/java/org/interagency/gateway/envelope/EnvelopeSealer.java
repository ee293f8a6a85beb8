package org.interagency.gateway.envelope;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Signs content and encrypts it for one or more recipient gateways. The result is a DER
 * ContentInfo holding a CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084), whose
 * id-data content is the DER ContentInfo of an attached CMS SignedData (RFC 5652). OpenSSL 3
 * opens it with {@code openssl cms -decrypt -inform DER} and checks the result with
 * {@code openssl cms -verify -inform DER}.
 */
public final class EnvelopeSealer {

    /** Key usage bits (RFC 5280, section 4.2.1.3) checked on recipient certificates. */
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    /**
     * Signs the content and encrypts the SignedData for every recipient. EC recipients get
     * ephemeral-static ECDH with the X9.63 KDF over SHA-256 and AES-256 key wrap (RFC 5753);
     * RSA recipients get RSA-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017).
     *
     * @param recipients the encryption certificates of the receiving gateways, at least one
     * @throws IllegalArgumentException if there is no recipient, or a recipient key is
     *     neither EC nor RSA or its key usage excludes the key management in use
     */
    public byte[] seal(byte[] content, SigningIdentity signer, List<X509Certificate> recipients) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("No recipient certificate given; an envelope needs at least one recipient");
        }

        byte[] signedData = CmsSigner.sign(content, signer);

        return encrypt(signedData, recipients);
    }

    // NOTE: signing and encryption run in memory on byte arrays, so an envelope costs a few
    // times its size in heap. Moving to Bouncy Castle's streaming generators is still to do.
    private static byte[] encrypt(byte[] signedData, List<X509Certificate> recipients) {
        try {
            CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
            for (X509Certificate recipient : recipients) {
                generator.addRecipientInfoGenerator(recipientInfoGenerator(recipient));
            }

            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(BouncyCastle.PROVIDER)
                    .build();
            CMSAuthEnvelopedData envelope = generator.generate(new CMSProcessableByteArray(signedData), encryptor);

            // Bouncy Castle builds parts of the structure as BER; re-encoding gives DER.
            return envelope.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Encrypting the envelope failed: " + e.getMessage(), e);
        }
    }

    private static RecipientInfoGenerator recipientInfoGenerator(X509Certificate recipient)
            throws GeneralSecurityException {
        PublicKey publicKey = recipient.getPublicKey();

        if (publicKey instanceof ECPublicKey ecKey) {
            requireKeyUsage(recipient, KEY_AGREEMENT, "keyAgreement");
            // A fresh key pair per recipient info makes the agreement ephemeral-static (RFC 5753, section 3.1).
            KeyPairGenerator keyPairGenerator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            keyPairGenerator.initialize(ecKey.getParams());
            KeyPair ephemeral = keyPairGenerator.generateKeyPair();
            return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                    ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                    .addRecipient(recipient)
                    .setProvider(BouncyCastle.PROVIDER);
        }

        if (publicKey instanceof RSAPublicKey) {
            requireKeyUsage(recipient, KEY_ENCIPHERMENT, "keyEncipherment");
            AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(
                    PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(BouncyCastle.PROVIDER);
        }

        throw new IllegalArgumentException("Unsupported recipient key algorithm " + publicKey.getAlgorithm()
                + " in " + Certificates.describe(recipient) + "; use an EC or RSA encryption certificate");
    }

    private static void requireKeyUsage(X509Certificate recipient, int bit, String name) {
        boolean[] keyUsage = recipient.getKeyUsage();
        if (keyUsage != null && !keyUsage[bit]) {
            throw new IllegalArgumentException("The recipient certificate " + Certificates.describe(recipient)
                    + " does not allow " + name + "; use the gateway's encryption certificate");
        }
    }
}
