package org.interagency.gateway.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.PeerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Signed, time-stamped and witnessed checkpoints of this gateway's ledger. Every
 * {@code everyEntries} entries, or after {@code interval} when the head moved, the gateway signs
 * the head's sequence number and hash, gets an RFC 3161 token over the signed checkpoint, and
 * sends the checkpoint to every partner gateway of the directory. Each partner stores it and
 * responds with a signed acknowledgement, which this gateway stores. A rewritten ledger can then
 * no longer match the checkpoints that partners hold. Bean {@code checkpoints}.
 */
public class Checkpoints {

    /** Path of the checkpoint endpoint every gateway serves. */
    public static final String CHECKPOINTS_PATH = "/exchange/v1/checkpoints";

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private static final int SEND_BATCH = 50;

    private final Ledger ledger;
    private final CheckpointStore store;
    private final CheckpointSignatures signatures;
    private final SigningIdentity gatewayKey;
    private final Directory directory;
    private final PeerClient peers;
    private final TimestampAuthority timestamps;
    private final Clock clock;
    private final long everyEntries;
    private final Duration interval;

    /**
     * @param timestamps the time-stamping authority, or null to make checkpoints without a token
     * @param everyEntries the number of new entries after which a checkpoint is due
     * @param interval the time after which a checkpoint is due when at least one entry is new
     */
    public Checkpoints(Ledger ledger, CheckpointStore store, CheckpointSignatures signatures, SigningIdentity gatewayKey,
            Directory directory, PeerClient peers, TimestampAuthority timestamps, Clock clock, long everyEntries,
            Duration interval) {
        this.ledger = ledger;
        this.store = store;
        this.signatures = signatures;
        this.gatewayKey = gatewayKey;
        this.directory = directory;
        this.peers = peers;
        this.timestamps = timestamps;
        this.clock = clock;
        this.everyEntries = everyEntries;
        this.interval = interval;
    }

    /**
     * Makes a checkpoint when one is due and sends the pending ones. Route
     * {@code ledger-checkpoint} calls it on a timer. Failures are logged, not thrown, because a
     * timer route has no caller to report to; the next run tries again.
     */
    public void run() {
        try {
            if (isDue()) {
                checkpointNow();
            }
            sendPending();
        } catch (GatewayException e) {
            log.error("ledger checkpoint failed code={}: {}", e.code(), e.getMessage());
        } catch (DataAccessException e) {
            log.error("ledger checkpoint failed: the database could not be read or written ({})", e.getMessage());
        }
    }

    /** Makes a checkpoint of the current head, unless the latest checkpoint already names it. */
    public Optional<CheckpointStore.Stored> checkpointNow() {
        LedgerEntry head = ledger.head();
        Optional<CheckpointStore.Stored> latest = store.latest();
        if (head == null || latest.isPresent() && latest.get().seq() >= head.seq()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Checkpoint checkpoint = Checkpoint.of(ledger.gateway(), head, now);
        byte[] signed = signatures.sign(checkpoint, gatewayKey);
        byte[] token = timestamp(signed, head.seq());

        CheckpointStore.Stored stored = new CheckpointStore.Stored(head.seq(), head.entryHash(), now, signed, token);
        store.add(stored, partners(), now);
        log.info("ledger checkpoint seq={} timestamped={} witnesses={}", head.seq(), token != null, partners());
        return Optional.of(stored);
    }

    /**
     * Sends every checkpoint a partner has not acknowledged yet and stores the acknowledgements.
     * A failed send stays pending and is tried again on the next run.
     */
    public void sendPending() {
        for (CheckpointStore.Witness pending : store.pending(SEND_BATCH)) {
            try {
                send(pending);
            } catch (GatewayException e) {
                store.failed(pending.seq(), pending.county(), e.code().name(), clock.instant());
                log.warn("checkpoint seq={} not yet witnessed by {} (attempt {}), will retry: {} {}", pending.seq(),
                        pending.county(), pending.attempts() + 1, e.code(), e.getMessage());
            }
        }
    }

    /**
     * Stores a checkpoint that the gateway of {@code county} sent and returns this gateway's
     * signed acknowledgement. The same checkpoint sent again gets the same acknowledgement.
     *
     * @throws GatewayException CHECKPOINT_INVALID if it does not verify as {@code county}'s,
     *     CHECKPOINT_CONFLICT if that county sent another head hash for the same sequence number
     */
    public byte[] witness(byte[] signedCheckpoint, String county) {
        Checkpoint checkpoint = signatures.verifyCheckpoint(signedCheckpoint, county);

        Optional<CheckpointStore.Witnessed> earlier = store.witnessed(county, checkpoint.seq());
        if (earlier.isPresent()) {
            if (!earlier.get().headHash().equals(checkpoint.headHash())) {
                log.error("checkpoint conflict: {} sent head hash {} for entry {}, but earlier {}; its ledger may have "
                        + "been rewritten", county, checkpoint.headHash(), checkpoint.seq(), earlier.get().headHash());
                throw new GatewayException(ErrorCode.CHECKPOINT_CONFLICT, "checkpoint " + checkpoint.seq() + " of "
                        + county + " names head hash " + checkpoint.headHash() + ", but this gateway holds "
                        + earlier.get().headHash() + " for that entry");
            }
            return earlier.get().acknowledgement();
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CheckpointAcknowledgement acknowledgement = new CheckpointAcknowledgement(ledger.gateway(), county,
                checkpoint.seq(), checkpoint.headHash(), PayloadDigest.of(signedCheckpoint), now.toString());
        byte[] signed = signatures.sign(acknowledgement, gatewayKey);
        store.addWitnessed(new CheckpointStore.Witnessed(county, checkpoint.seq(), checkpoint.headHash(),
                signedCheckpoint, signed), now);
        log.info("witnessed checkpoint of {} seq={}", county, checkpoint.seq());
        return signed;
    }

    private boolean isDue() {
        LedgerEntry head = ledger.head();
        if (head == null) {
            return false;
        }
        Optional<CheckpointStore.Stored> latest = store.latest();
        if (latest.isEmpty()) {
            return true;
        }
        long newEntries = head.seq() - latest.get().seq();
        boolean intervalPassed = !clock.instant().isBefore(latest.get().createdAt().plus(interval));
        return newEntries >= everyEntries || newEntries > 0 && intervalPassed;
    }

    private void send(CheckpointStore.Witness pending) {
        CheckpointStore.Stored checkpoint = store.covering(pending.seq()).filter(c -> c.seq() == pending.seq())
                .orElseThrow(() -> new GatewayException(ErrorCode.INTERNAL, "checkpoint " + pending.seq()
                        + " has a witness row but no checkpoint row"));

        byte[] answer = peers.post(pending.county(), CHECKPOINTS_PATH, checkpoint.signed(), "checkpoint " + pending.seq());

        CheckpointAcknowledgement acknowledgement = signatures.verifyAcknowledgement(answer, pending.county());
        if (!acknowledgement.gateway().equals(ledger.gateway()) || acknowledgement.seq() != checkpoint.seq()
                || !acknowledgement.headHash().equals(checkpoint.headHash())
                || !PayloadDigest.of(checkpoint.signed()).equals(acknowledgement.checkpointDigest())) {
            throw new GatewayException(ErrorCode.CHECKPOINT_INVALID, "the acknowledgement of " + pending.county()
                    + " for checkpoint " + checkpoint.seq() + " names another checkpoint (" + acknowledgement.gateway()
                    + " entry " + acknowledgement.seq() + ")");
        }
        store.acknowledge(pending.seq(), pending.county(), answer, clock.instant());
        log.info("checkpoint seq={} witnessed by {}", pending.seq(), pending.county());
    }

    private byte[] timestamp(byte[] signed, long seq) {
        if (timestamps == null) {
            return null;
        }
        try {
            return timestamps.timestamp(signed);
        } catch (GatewayException e) {
            // The checkpoint still counts: it is signed and witnessed. Only the independent time is missing.
            log.warn("checkpoint seq={} made without a time-stamp token: {} {}", seq, e.code(), e.getMessage());
            return null;
        }
    }

    private List<String> partners() {
        return directory.counties().stream().map(County::id).filter(id -> !id.equals(ledger.gateway())).sorted().toList();
    }
}
