package org.interagency.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statement a gateway signs about its ledger: which entry was the head, with its hash,
 * at what time. Its JSON form is the content of the signed checkpoint, so that
 * {@code openssl cms -verify} prints it.
 *
 * @param gateway the county id of the gateway whose ledger this is
 * @param seq the sequence number of the head entry
 * @param headHash the entry hash of that entry
 * @param createdAt when the checkpoint was made, ISO-8601 in UTC
 */
public record Checkpoint(String gateway, long seq, String headHash, String createdAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Creates the checkpoint of {@code head} at {@code now}. */
    public static Checkpoint of(String gateway, LedgerEntry head, Instant now) {
        return new Checkpoint(gateway, head.seq(), head.entryHash(), now.toString());
    }

    /** Returns the JSON form that the gateway signs. */
    public byte[] toJson() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the JSON form; a failure names the source, such as the peer that sent it. */
    public static Checkpoint fromJson(byte[] json, String source) {
        try {
            Checkpoint checkpoint = JSON.readValue(json, Checkpoint.class);
            if (checkpoint.gateway() == null || checkpoint.headHash() == null || checkpoint.seq() < 1) {
                throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the checkpoint from " + source
                        + " lacks its gateway, sequence number or head hash");
            }
            return checkpoint;
        } catch (JacksonException e) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the checkpoint from " + source
                    + " is not checkpoint JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
