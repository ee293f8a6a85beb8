package org.interagency.gateway.ledger;

import java.nio.charset.StandardCharsets;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statement a partner gateway signs when it stores a checkpoint of this gateway: that it stores
 * the checkpoint of {@code gateway} naming entry {@code seq} with {@code headHash}.
 *
 * @param witness the county id of the gateway that stored the checkpoint and signs this
 * @param gateway the county id of the gateway whose ledger the checkpoint is about
 * @param seq the sequence number the checkpoint names
 * @param headHash the entry hash the checkpoint names
 * @param checkpointDigest the {@code sha256:<hex>} digest of the signed checkpoint as received
 * @param witnessedAt when the witness stored it, ISO-8601 in UTC
 */
public record CheckpointAcknowledgement(String witness, String gateway, long seq, String headHash,
        String checkpointDigest, String witnessedAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Returns the JSON form that the witness signs. */
    public byte[] toJson() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the JSON form; a failure names the witness. */
    public static CheckpointAcknowledgement fromJson(byte[] json, String witness) {
        try {
            return JSON.readValue(json, CheckpointAcknowledgement.class);
        } catch (JacksonException e) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the checkpoint acknowledgement of " + witness
                    + " is not acknowledgement JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
