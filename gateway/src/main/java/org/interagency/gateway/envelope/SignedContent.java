package org.interagency.gateway.envelope;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

/**
 * Signs and verifies attached CMS SignedData (RFC 5652) outside an envelope, such as the
 * receipts gateways return. Signing and verification are the same as inside an envelope.
 */
public final class SignedContent {

    private final CmsSignatureVerifier verifier;

    /** Creates a signer and verifier with {@link VerificationSettings#defaults()}. */
    public SignedContent() {
        this(VerificationSettings.defaults());
    }

    /** Creates a signer and verifier whose checks follow the settings. */
    public SignedContent(VerificationSettings settings) {
        this.verifier = new CmsSignatureVerifier(settings);
    }

    /**
     * Signs the content as an attached SignedData in DER, with the signed attributes content
     * type, message digest, signing time and signing-certificate-v2 (RFC 5035).
     */
    public byte[] sign(byte[] content, SigningIdentity signer) {
        return CmsSigner.sign(content, signer);
    }

    /**
     * Signs the content as a detached SignedData in DER, with the same signed attributes as
     * {@link #sign(byte[], SigningIdentity)}; the content is kept apart from the signature.
     */
    public byte[] signDetached(byte[] content, SigningIdentity signer) {
        return CmsSigner.sign(content, signer, false);
    }

    /**
     * Verifies a detached SignedData over {@code content} with the checks of
     * {@link #verify(byte[], Collection, Instant)}.
     */
    public VerifiedContent verifyDetached(byte[] signature, byte[] content, Collection<X509Certificate> trustAnchors,
            Instant now) {
        requireAnchors(trustAnchors);

        CmsSignatureVerifier.VerifiedSignature verified = verifier.verifyDetached(signature, content, trustAnchors, now);

        return new VerifiedContent(verified.content(), verified.signer(),
                CertificateUris.uris(verified.signer()), verified.signingTime());
    }

    /** Verifies the signed data at the current time; see {@link #verify(byte[], Collection, Instant)}. */
    public VerifiedContent verify(byte[] signedData, Collection<X509Certificate> trustAnchors) {
        return verify(signedData, trustAnchors, Instant.now());
    }

    /**
     * Verifies the single signature with the signer certificate carried in the SignedData and
     * validates that certificate to one of the trust anchors at the signing time.
     *
     * @param now the verifier's clock, which a signing time may exceed by at most the clock skew
     * @throws SignatureInvalidException if the SignedData is unreadable or its signature does not verify
     * @throws AlgorithmNotAllowedException if an algorithm is refused by the {@link AlgorithmPolicy}
     * @throws SignerExpiredException if the signer is expired or not yet valid
     * @throws SignerRevokedException if the signer or one of its CAs is revoked
     * @throws SignerUntrustedException if the signer has no valid path to a trust anchor
     */
    public VerifiedContent verify(byte[] signedData, Collection<X509Certificate> trustAnchors, Instant now) {
        requireAnchors(trustAnchors);

        CmsSignatureVerifier.VerifiedSignature verified = verifier.verifySignedData(signedData, trustAnchors, now);

        return new VerifiedContent(verified.content(), verified.signer(),
                CertificateUris.uris(verified.signer()), verified.signingTime());
    }

    static void requireAnchors(Collection<X509Certificate> trustAnchors) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("No trust anchors given; configure at least one trusted root certificate");
        }
    }
}
