package org.interagency.gateway.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The checkpoint tables: this gateway's signed checkpoints, the partners' acknowledgements of
 * them, and the partners' checkpoints this gateway witnessed. Binary values are stored in
 * base64, as the receipts are.
 */
public class CheckpointStore {

    /** A checkpoint of this gateway as stored, with its signature and time-stamp response. */
    public record Stored(long seq, String headHash, Instant createdAt, byte[] signed, byte[] timestampResponse) {
    }

    /** A partner's acknowledgement of one checkpoint; {@code acknowledgement} is null while unsent. */
    public record Witness(long seq, String county, byte[] acknowledgement, int attempts) {
    }

    /** A checkpoint of a partner gateway that this gateway stored and acknowledged. */
    public record Witnessed(String county, long seq, String headHash, byte[] signed, byte[] acknowledgement) {
    }

    private final JdbcClient jdbc;

    public CheckpointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new checkpoint and one pending row for each partner that must witness it. */
    public void add(Stored checkpoint, List<String> witnesses, Instant now) {
        jdbc.sql("INSERT INTO ledger_checkpoint (seq, head_hash, created_at, signed, timestamp_token) VALUES (?, ?, ?, ?, ?)")
                .params(checkpoint.seq(), checkpoint.headHash(), utc(checkpoint.createdAt()), base64(checkpoint.signed()),
                        checkpoint.timestampResponse() == null ? null : base64(checkpoint.timestampResponse()))
                .update();
        for (String county : witnesses) {
            jdbc.sql("INSERT INTO checkpoint_witness (seq, county, attempts, updated_at) VALUES (?, ?, 0, ?)")
                    .params(checkpoint.seq(), county, utc(now))
                    .update();
        }
    }

    /** Returns the latest checkpoint of this gateway, if any. */
    public Optional<Stored> latest() {
        return jdbc.sql("SELECT * FROM ledger_checkpoint ORDER BY seq DESC LIMIT 1").query(CheckpointStore::stored).optional();
    }

    /** Returns every checkpoint of this gateway, oldest first. */
    public List<Stored> all() {
        return jdbc.sql("SELECT * FROM ledger_checkpoint ORDER BY seq").query(CheckpointStore::stored).list();
    }

    /** Returns the first checkpoint at or after entry {@code seq}: the one that covers that entry. */
    public Optional<Stored> covering(long seq) {
        return jdbc.sql("SELECT * FROM ledger_checkpoint WHERE seq >= ? ORDER BY seq LIMIT 1")
                .param(seq)
                .query(CheckpointStore::stored)
                .optional();
    }

    /** Returns the partners' rows of checkpoint {@code seq}. */
    public List<Witness> witnesses(long seq) {
        return jdbc.sql("SELECT * FROM checkpoint_witness WHERE seq = ? ORDER BY county")
                .param(seq)
                .query(CheckpointStore::witness)
                .list();
    }

    /** Returns every acknowledgement received, oldest checkpoint first. */
    public List<Witness> acknowledged() {
        return jdbc.sql("SELECT * FROM checkpoint_witness WHERE acknowledgement IS NOT NULL ORDER BY seq, county")
                .query(CheckpointStore::witness)
                .list();
    }

    /** Returns up to {@code limit} rows still waiting for a partner's acknowledgement, oldest first. */
    public List<Witness> pending(int limit) {
        return jdbc.sql("SELECT * FROM checkpoint_witness WHERE acknowledgement IS NULL ORDER BY seq, county LIMIT ?")
                .param(limit)
                .query(CheckpointStore::witness)
                .list();
    }

    /** Stores a partner's acknowledgement. */
    public void acknowledge(long seq, String county, byte[] acknowledgement, Instant now) {
        jdbc.sql("UPDATE checkpoint_witness SET acknowledgement = ?, attempts = attempts + 1, last_error = NULL, "
                        + "updated_at = ? WHERE seq = ? AND county = ?")
                .params(base64(acknowledgement), utc(now), seq, county)
                .update();
    }

    /** Records a failed attempt to send checkpoint {@code seq} to {@code county}. */
    public void failed(long seq, String county, String errorCode, Instant now) {
        jdbc.sql("UPDATE checkpoint_witness SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE seq = ? AND county = ?")
                .params(errorCode, utc(now), seq, county)
                .update();
    }

    /** Returns the checkpoint of {@code county} with sequence number {@code seq} that this gateway witnessed. */
    public Optional<Witnessed> witnessed(String county, long seq) {
        return jdbc.sql("SELECT * FROM witnessed_checkpoint WHERE county = ? AND seq = ?")
                .params(county, seq)
                .query(CheckpointStore::witnessed)
                .optional();
    }

    /** Returns the checkpoints of {@code county} this gateway witnessed, oldest first. */
    public List<Witnessed> witnessedOf(String county) {
        return jdbc.sql("SELECT * FROM witnessed_checkpoint WHERE county = ? ORDER BY seq")
                .param(county)
                .query(CheckpointStore::witnessed)
                .list();
    }

    /** Stores a partner's checkpoint with the acknowledgement this gateway signed for it. */
    public void addWitnessed(Witnessed witnessed, Instant now) {
        jdbc.sql("INSERT INTO witnessed_checkpoint (county, seq, head_hash, signed, acknowledgement, received_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(witnessed.county(), witnessed.seq(), witnessed.headHash(), base64(witnessed.signed()),
                        base64(witnessed.acknowledgement()), utc(now))
                .update();
    }

    private static Stored stored(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        String token = row.getString("timestamp_token");
        return new Stored(row.getLong("seq"), row.getString("head_hash"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(), decode(row.getString("signed")),
                token == null ? null : decode(token));
    }

    private static Witnessed witnessed(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new Witnessed(row.getString("county"), row.getLong("seq"), row.getString("head_hash"),
                decode(row.getString("signed")), decode(row.getString("acknowledgement")));
    }

    private static Witness witness(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        String acknowledgement = row.getString("acknowledgement");
        return new Witness(row.getLong("seq"), row.getString("county"),
                acknowledgement == null ? null : decode(acknowledgement), row.getInt("attempts"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
