package org.interagency.gateway.envelope;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;

/**
 * Opens envelopes made by {@link EnvelopeSealer} or by {@code openssl cms -sign} followed by
 * {@code openssl cms -encrypt -aes-256-gcm}. The content is returned only after decryption,
 * the signature, the signer's certification path and the signer's agency URI all pass.
 */
public final class EnvelopeOpener {

    /** A recipient info of the envelope together with the key that matches it. */
    private record Match(RecipientInformation recipientInfo, DecryptionKey key) {
    }

    /**
     * Decrypts the envelope with the matching key, verifies the SignedData inside it and
     * validates its signer to one of the trust anchors at the signing time.
     *
     * @param envelope a DER or BER ContentInfo holding a CMS AuthEnvelopedData
     * @param keys this gateway's decryption keys, at least one
     * @param trustAnchors the root certificates signers must chain to, at least one
     * @param now the receiver's clock, which a signing time may exceed by at most five minutes
     * @throws EnvelopeMalformedException if the input is not an AES-256-GCM AuthEnvelopedData
     * @throws EnvelopeNotForUsException if no recipient info matches one of the keys
     * @throws AlgorithmNotAllowedException if the matching recipient info uses RSA PKCS#1 v1.5
     *     or another key management algorithm the {@link AlgorithmPolicy} rejects
     * @throws EnvelopeDecryptionException if key unwrapping fails or the GCM tag does not verify
     * @throws SignatureInvalidException if the content is no valid single-signer SignedData
     * @throws SignerUntrustedException if the signer has no valid path to a trust anchor
     * @throws SignerNotAgencyException if the signer certificate names no single agency
     */
    public OpenedEnvelope open(byte[] envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No decryption key given; configure the gateway's encryption key");
        }
        SignedContent.requireAnchors(trustAnchors);

        CMSAuthEnvelopedData authEnvelopedData = parse(envelope);
        Match match = findRecipient(authEnvelopedData, keys);
        AlgorithmPolicy.defaults().checkKeyEncryption(match.recipientInfo());
        byte[] signedData = decrypt(match);

        CmsSignatureVerifier.VerifiedSignature verified = CmsSignatureVerifier.verify(signedData, trustAnchors, now);
        String agencyId = CertificateUris.agencyId(verified.signer())
                .orElseThrow(() -> new SignerNotAgencyException("The signer certificate "
                        + Certificates.describe(verified.signer()) + " has no single "
                        + CertificateUris.AGENCY_PREFIX + "<agency-id> subject alternative name"));

        return new OpenedEnvelope(verified.content(), verified.signer(), agencyId, verified.signingTime());
    }

    /**
     * Parses the ContentInfo and accepts only AuthEnvelopedData (RFC 5083) with AES-256-GCM
     * (RFC 5084) around id-data content.
     */
    private static CMSAuthEnvelopedData parse(byte[] envelope) {
        CMSAuthEnvelopedData authEnvelopedData;
        ASN1ObjectIdentifier contentType;
        try {
            authEnvelopedData = new CMSAuthEnvelopedData(envelope);
            ContentInfo contentInfo = authEnvelopedData.toASN1Structure();
            contentType = AuthEnvelopedData.getInstance(contentInfo.getContent())
                    .getAuthEncryptedContentInfo().getContentType();
        } catch (CMSException | RuntimeException e) {
            // Bouncy Castle reports some malformed ASN.1 as IllegalArgumentException or ClassCastException.
            throw new EnvelopeMalformedException("The envelope is not a CMS AuthEnvelopedData ContentInfo: "
                    + e.getMessage(), e);
        }

        String encryption = authEnvelopedData.getEncryptionAlgOID();
        if (!CMSAlgorithm.AES256_GCM.getId().equals(encryption)) {
            throw new EnvelopeMalformedException("Content encryption algorithm " + encryption
                    + " is not allowed; envelopes must use AES-256-GCM (" + CMSAlgorithm.AES256_GCM + ")");
        }
        if (!CMSObjectIdentifiers.data.equals(contentType)) {
            throw new EnvelopeMalformedException("The encrypted content type is " + contentType + ", expected id-data");
        }
        return authEnvelopedData;
    }

    private static Match findRecipient(CMSAuthEnvelopedData authEnvelopedData, List<DecryptionKey> keys) {
        Collection<RecipientInformation> recipientInfos = authEnvelopedData.getRecipientInfos().getRecipients();
        for (DecryptionKey key : keys) {
            JcaX509CertificateHolder certificate = holder(key.certificate());
            for (RecipientInformation recipientInfo : recipientInfos) {
                if (recipientInfo.getRID().match(certificate)) {
                    return new Match(recipientInfo, key);
                }
            }
        }

        List<String> ours = keys.stream().map(key -> Certificates.describe(key.certificate())).toList();
        throw new EnvelopeNotForUsException("None of the " + recipientInfos.size()
                + " recipient infos of the envelope matches a decryption key of this gateway: " + ours);
    }

    /**
     * Unwraps the content key and decrypts the content. Bouncy Castle returns the plaintext
     * only after the GCM authentication tag has verified (RFC 5084, section 3.2).
     */
    private static byte[] decrypt(Match match) {
        RecipientInformation recipientInfo = match.recipientInfo();
        Recipient recipient;
        if (recipientInfo instanceof KeyAgreeRecipientInformation) {
            recipient = new JceKeyAgreeAuthEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER);
        } else if (recipientInfo instanceof KeyTransRecipientInformation) {
            recipient = new JceKeyTransAuthEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER);
        } else {
            throw new EnvelopeMalformedException("Recipient info type " + recipientInfo.getRID().getType()
                    + " is not supported; use key agreement (ECDH) or key transport (RSA-OAEP)");
        }

        try {
            return recipientInfo.getContent(recipient);
        } catch (CMSException | RuntimeException e) {
            throw new EnvelopeDecryptionException("Decrypting the envelope with the key of "
                    + Certificates.describe(match.key().certificate()) + " failed: " + e.getMessage(), e);
        }
    }

    private static JcaX509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode the decryption certificate " + Certificates.describe(certificate), e);
        }
    }
}
