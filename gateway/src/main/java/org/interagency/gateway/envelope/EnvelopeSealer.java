package org.interagency.gateway.envelope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Signs content and encrypts it for one or more recipient gateways. The result is a
 * ContentInfo holding a CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084), whose
 * id-data content is the BER ContentInfo of an attached CMS SignedData (RFC 5652). OpenSSL 3
 * opens it with {@code openssl cms -decrypt -inform DER} and checks the result with
 * {@code openssl cms -verify -inform DER}.
 */
public final class EnvelopeSealer {

    /** Key usage bits (RFC 5280, section 4.2.1.3) checked on recipient certificates. */
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    /**
     * Signs the content and encrypts the SignedData for every recipient, in memory. The
     * envelope is re-encoded as DER; see {@link #seal(InputStream, SigningIdentity, List, OutputStream)}.
     *
     * @param recipients the encryption certificates of the receiving gateways, at least one
     * @throws IllegalArgumentException if there is no recipient, or a recipient key is
     *     neither EC nor RSA or its key usage excludes the key management in use
     */
    public byte[] seal(byte[] content, SigningIdentity signer, List<X509Certificate> recipients) {
        ByteArrayOutputStream ber = new ByteArrayOutputStream(content.length + 4096);
        seal(new ByteArrayInputStream(content), signer, recipients, ber);

        try {
            // The streaming generator writes indefinite lengths and the ciphertext in chunks. Reading
            // the structure as AuthEnvelopedData makes DER join the chunks into one OCTET STRING.
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(ber.toByteArray()));
            AuthEnvelopedData authEnvelopedData = AuthEnvelopedData.getInstance(contentInfo.getContent());
            return new ContentInfo(CMSObjectIdentifiers.authEnvelopedData, authEnvelopedData).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Re-encoding the envelope as DER failed: " + e.getMessage(), e);
        }
    }

    /**
     * Signs the content and encrypts the SignedData for every recipient while both stream, so
     * the heap keeps only buffers, whatever the content size. The signature digest is
     * computed as the content passes. EC recipients get ephemeral-static ECDH with the X9.63
     * KDF over SHA-256 and AES-256 key wrap (RFC 5753); RSA recipients get RSA-OAEP with
     * SHA-256 and MGF1-SHA-256 (RFC 8017).
     *
     * <p>The envelope is BER: the ContentInfo, the AuthEnvelopedData and the SignedData inside
     * it use indefinite lengths, which RFC 5652 allows and {@code openssl cms} reads.
     *
     * @param content read to its end and not closed
     * @param recipients the encryption certificates of the receiving gateways, at least one
     * @param envelope receives the ContentInfo; it is not closed
     * @throws IllegalArgumentException if there is no recipient, or a recipient key is
     *     neither EC nor RSA or its key usage excludes the key management in use
     * @throws GatewayException with {@link ErrorCode#INTERNAL} if reading the content or
     *     writing the envelope fails
     */
    public void seal(InputStream content, SigningIdentity signer, List<X509Certificate> recipients,
            OutputStream envelope) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("No recipient certificate given; an envelope needs at least one recipient");
        }
        CMSAuthEnvelopedDataStreamGenerator generator = generatorFor(recipients);
        OutputAEADEncryptor encryptor = aesGcmEncryptor();

        try (OutputStream encrypted = generator.open(new NonClosingOutputStream(envelope), encryptor);
                OutputStream signing = CmsSigner.openSigningStream(encrypted, signer)) {
            content.transferTo(signing);
        } catch (CMSException | IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Reading the content or writing the envelope failed: " + e.getMessage(), e);
        }
    }

    private static CMSAuthEnvelopedDataStreamGenerator generatorFor(List<X509Certificate> recipients) {
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        try {
            for (X509Certificate recipient : recipients) {
                generator.addRecipientInfoGenerator(recipientInfoGenerator(recipient));
            }
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Preparing the recipient infos failed: " + e.getMessage(), e);
        }
        return generator;
    }

    private static OutputAEADEncryptor aesGcmEncryptor() {
        try {
            return (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(BouncyCastle.PROVIDER)
                    .build();
        } catch (CMSException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Creating the AES-256-GCM encryptor failed: " + e.getMessage(), e);
        }
    }

    /** Keeps Bouncy Castle's close from closing the caller's stream, which the caller owns. */
    private static final class NonClosingOutputStream extends FilterOutputStream {

        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
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
