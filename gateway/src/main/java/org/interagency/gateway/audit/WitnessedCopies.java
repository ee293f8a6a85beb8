package org.interagency.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.CheckpointStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed checkpoints of {@code gateway} that the partner {@code witness} stored, as the
 * witness's officer hands them to the other county: {@code audit witnessed} or
 * {@code GET /api/v1/audit/witnessed} writes this JSON, and {@code audit verify --witnessed}
 * reads it.
 *
 * @param checkpoints each signed checkpoint (CMS SignedData, DER) in base64, oldest first
 */
public record WitnessedCopies(String witness, String gateway, List<String> checkpoints) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Returns the copies of the checkpoints of {@code gateway} that {@code witness} stored. */
    public static WitnessedCopies of(CheckpointStore store, String witness, String gateway) {
        if (gateway.equals(witness)) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "county " + gateway + " is this gateway's own county; "
                    + "give the partner county whose checkpoints this gateway witnessed");
        }
        List<String> checkpoints = store.witnessedOf(gateway).stream()
                .map(copy -> Base64.getEncoder().encodeToString(copy.signed()))
                .toList();

        // An empty file would let the partner's verify pass without any witness, so none is written.
        if (checkpoints.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "this gateway holds no checkpoints of county " + gateway
                    + "; give a partner county whose gateway sends its checkpoints here");
        }
        return new WitnessedCopies(witness, gateway, checkpoints);
    }

    /**
     * Checks that these copies can witness the ledger of {@code county}: written by another
     * gateway, about {@code county}, with at least one checkpoint.
     *
     * @throws IllegalArgumentException naming {@code source} and the fix otherwise
     */
    public void requireWitnessOf(String county, String source) {
        if (!gateway.equals(county)) {
            throw new IllegalArgumentException(source + " contains checkpoints of " + gateway + ", not of " + county
                    + "; ask the partner for the checkpoints of " + county);
        }
        if (witness.equals(county)) {
            throw new IllegalArgumentException(source + " was written by " + county + "'s own gateway, so it witnesses "
                    + "nothing; ask a partner county's officer to run 'bin/gateway audit witnessed --county " + county + "'");
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException(source + " contains no checkpoints; ask the partner county's officer for a "
                    + "new copy from 'bin/gateway audit witnessed --county " + county + "'");
        }
    }

    /** Returns the signed checkpoints as bytes. */
    public List<byte[]> signedCheckpoints() {
        return checkpoints.stream().map(Base64.getDecoder()::decode).toList();
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads the JSON form.
     *
     * @throws GatewayException INVALID_REQUEST if it is not this form
     */
    public static WitnessedCopies fromJson(byte[] json, String source) {
        try {
            WitnessedCopies copies = JSON.readValue(json, WitnessedCopies.class);
            if (copies.witness() == null || copies.gateway() == null || copies.checkpoints() == null) {
                throw new GatewayException(ErrorCode.INVALID_REQUEST, source + " lacks witness, gateway or checkpoints; "
                        + "make it with 'bin/gateway audit witnessed' at the partner gateway");
            }
            copies.signedCheckpoints();
            return copies;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.INVALID_REQUEST, source + " is not a file of witnessed checkpoints ("
                    + e.getClass().getSimpleName() + "); make it with 'bin/gateway audit witnessed' at the partner gateway");
        }
    }

    /** Returns the JSON form as UTF-8 bytes. */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
