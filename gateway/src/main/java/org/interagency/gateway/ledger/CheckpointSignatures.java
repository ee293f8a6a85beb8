package org.interagency.gateway.ledger;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.envelope.VerifiedContent;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Signs checkpoints and acknowledgements as CMS SignedData with a gateway's signing key, and
 * verifies them against the directory's trust anchors: the signer certificate must name
 * {@code urn:gateway:<county>} of the gateway the statement claims.
 */
public class CheckpointSignatures {

    private final SignedContent cms;
    private final List<X509Certificate> trustAnchors;

    public CheckpointSignatures(SignedContent cms, Collection<X509Certificate> trustAnchors) {
        this.cms = cms;
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /** Signs a checkpoint of this gateway's ledger. */
    public byte[] sign(Checkpoint checkpoint, SigningIdentity gatewayKey) {
        return cms.sign(checkpoint.toJson(), gatewayKey);
    }

    /** Signs an acknowledgement of a partner's checkpoint. */
    public byte[] sign(CheckpointAcknowledgement acknowledgement, SigningIdentity gatewayKey) {
        return cms.sign(acknowledgement.toJson(), gatewayKey);
    }

    /**
     * Verifies a signed checkpoint of {@code county}'s gateway and returns its statement.
     *
     * @throws GatewayException CHECKPOINT_INVALID if the signature, the signer or the
     *     statement's gateway does not match
     */
    public Checkpoint verifyCheckpoint(byte[] signed, String county) {
        byte[] content = verifiedContent(signed, county, "checkpoint");
        Checkpoint checkpoint = Checkpoint.fromJson(content, county);
        if (!county.equals(checkpoint.gateway())) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the checkpoint signed by " + county
                    + " claims to be about the ledger of " + checkpoint.gateway());
        }
        return checkpoint;
    }

    /**
     * Verifies an acknowledgement signed by {@code witness} and returns its statement.
     *
     * @throws GatewayException CHECKPOINT_INVALID if the signature, the signer or the
     *     statement's witness does not match
     */
    public CheckpointAcknowledgement verifyAcknowledgement(byte[] signed, String witness) {
        byte[] content = verifiedContent(signed, witness, "checkpoint acknowledgement");
        CheckpointAcknowledgement acknowledgement = CheckpointAcknowledgement.fromJson(content, witness);
        if (!witness.equals(acknowledgement.witness())) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the checkpoint acknowledgement signed by "
                    + witness + " names the witness " + acknowledgement.witness());
        }
        return acknowledgement;
    }

    private byte[] verifiedContent(byte[] signed, String county, String what) {
        VerifiedContent verified;
        try {
            verified = cms.verify(signed, trustAnchors);
        } catch (GatewayException e) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the " + what + " of " + county
                    + " failed signature verification (" + e.code() + ": " + e.getMessage() + ")", e);
        }
        String expected = CertificateUris.GATEWAY_PREFIX + county;
        if (!verified.signerUris().contains(expected)) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the " + what + " claimed to be from " + county
                    + " is signed by " + verified.signerUris() + ", not " + expected);
        }
        return verified.content();
    }
}
