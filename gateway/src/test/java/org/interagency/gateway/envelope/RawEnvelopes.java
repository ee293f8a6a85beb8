package org.interagency.gateway.envelope;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;

import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;

/** Builds envelopes around arbitrary plaintext, so that tests reach the checks behind the GCM tag. */
final class RawEnvelopes {

    private RawEnvelopes() {
    }

    /**
     * Encrypts the bytes as the id-data content of an AES-256-GCM AuthEnvelopedData for the
     * test county's gateway, with a valid tag whatever the bytes are.
     */
    static byte[] encryptForCounty(TestPki pki, byte[] plaintext) throws Exception {
        X509Certificate recipient = pki.encryptionCertificate(TestPki.COUNTY);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        generator.initialize(((ECPublicKey) recipient.getPublicKey()).getParams());
        KeyPair ephemeral = generator.generateKeyPair();

        CMSAuthEnvelopedDataGenerator envelopeGenerator = new CMSAuthEnvelopedDataGenerator();
        envelopeGenerator.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                .addRecipient(recipient)
                .setProvider(BouncyCastle.PROVIDER));
        OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                .setProvider(BouncyCastle.PROVIDER)
                .build();
        return envelopeGenerator.generate(new CMSProcessableByteArray(plaintext), encryptor).getEncoded();
    }
}
