package org.interagency.gateway.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.interagency.gateway.error.GatewayException;

/**
 * Checks a ledger for tampering by someone with write access to the database. The chain finds
 * an edited, deleted, inserted or reordered row. The checkpoints find what a recomputed chain
 * hides: a checkpoint naming an entry beyond the head shows a cut tail, and a checkpoint whose
 * head hash differs from the entry's shows a ledger rewritten from an earlier point. Only the
 * gateway's signing key makes a checkpoint, and only a partner's key an acknowledgement, so
 * write access to the database alone cannot forge either.
 */
public class LedgerVerifier {

    private static final int PAGE = 1000;

    private final Ledger ledger;
    private final CheckpointStore checkpoints;
    private final CheckpointSignatures signatures;

    public LedgerVerifier(Ledger ledger, CheckpointStore checkpoints, CheckpointSignatures signatures) {
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.signatures = signatures;
    }

    /** Reads the whole ledger and its checkpoints and returns what is wrong. */
    public VerificationReport verify() {
        return verify(List.of(), null);
    }

    /**
     * Verifies as {@link #verify()} does, and also against the copies of this gateway's signed
     * checkpoints that the gateway of {@code partner} stored. Those copies reveal a rewrite even
     * after the local checkpoint and acknowledgement rows were deleted.
     */
    public VerificationReport verify(List<byte[]> partnerCopies, String partner) {
        List<VerificationReport.Problem> problems = new ArrayList<>();

        long[] counts = checkChain(problems);
        long headSeq = counts[1];
        int timestamped = 0;
        List<CheckpointStore.Stored> own = checkpoints.all();
        for (CheckpointStore.Stored checkpoint : own) {
            checkOwn(checkpoint, headSeq, problems);
            timestamped += checkpoint.timestampResponse() == null ? 0 : 1;
        }
        List<CheckpointStore.Witness> acknowledged = checkpoints.acknowledged();
        long witnessedUpTo = 0;
        for (CheckpointStore.Witness witness : acknowledged) {
            if (checkAcknowledgement(witness, headSeq, problems)) {
                witnessedUpTo = Math.max(witnessedUpTo, witness.seq());
            }
        }

        for (byte[] copy : partnerCopies) {
            checkPartnerCopy(copy, partner, headSeq, problems);
        }

        problems.sort(java.util.Comparator.comparingLong(VerificationReport.Problem::seq));
        return new VerificationReport(counts[0], headSeq, own.size(), acknowledged.size(), witnessedUpTo, timestamped,
                problems);
    }

    /** Walks the chain page by page; returns the number of entries and the last sequence number. */
    private long[] checkChain(List<VerificationReport.Problem> problems) {
        String previousHash = Ledger.GENESIS_HASH;
        long expectedSeq = 1;
        long count = 0;
        long lastSeq = 0;
        boolean broken = false;
        while (true) {
            List<LedgerEntry> page = ledger.entriesFrom(lastSeq + 1, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (LedgerEntry entry : page) {
                count++;
                if (!broken) {
                    broken = checkEntry(entry, expectedSeq, previousHash, problems);
                }
                previousHash = entry.entryHash();
                expectedSeq = entry.seq() + 1;
                lastSeq = entry.seq();
            }
        }
        return new long[] {count, lastSeq};
    }

    /** Checks one entry; returns whether it is broken, after which later entries are not reported again. */
    private static boolean checkEntry(LedgerEntry entry, long expectedSeq, String previousHash,
            List<VerificationReport.Problem> problems) {
        if (!entry.entryHash().equals(Ledger.hash(entry))) {
            problems.add(new VerificationReport.Problem(entry.seq(), VerificationReport.Kind.EDITED, "entry " + entry.seq()
                    + " (" + entry.event() + ", message " + entry.messageId() + ") does not match its hash: a field was "
                    + "edited or the row was moved to another sequence number"));
            return true;
        }
        if (entry.seq() != expectedSeq) {
            problems.add(new VerificationReport.Problem(expectedSeq, VerificationReport.Kind.MISSING, "entry "
                    + expectedSeq + (entry.seq() - expectedSeq > 1 ? " to " + (entry.seq() - 1) : "")
                    + " is missing: entry " + entry.seq() + " follows entry " + (expectedSeq - 1)));
            return true;
        }
        if (!entry.previousHash().equals(previousHash)) {
            problems.add(new VerificationReport.Problem(entry.seq(), VerificationReport.Kind.LINK_BROKEN, "entry "
                    + entry.seq() + " does not link to the entry before it (previous hash " + entry.previousHash()
                    + ", expected " + previousHash + "): an entry was inserted, removed or reordered"));
            return true;
        }
        return false;
    }

    private void checkOwn(CheckpointStore.Stored stored, long headSeq, List<VerificationReport.Problem> problems) {
        Checkpoint checkpoint;
        try {
            checkpoint = signatures.verifyCheckpoint(stored.signed(), ledger.gateway());
        } catch (GatewayException e) {
            problems.add(new VerificationReport.Problem(stored.seq(), VerificationReport.Kind.SIGNATURE_INVALID,
                    "the checkpoint of entry " + stored.seq() + " does not verify: " + e.getMessage()));
            return;
        }
        if (checkpoint.seq() != stored.seq() || !checkpoint.headHash().equals(stored.headHash())) {
            problems.add(new VerificationReport.Problem(stored.seq(), VerificationReport.Kind.SIGNATURE_INVALID,
                    "the checkpoint row of entry " + stored.seq() + " differs from what its signature covers (entry "
                            + checkpoint.seq() + ")"));
            return;
        }
        compare(checkpoint.seq(), checkpoint.headHash(), "this gateway's signed checkpoint", headSeq, problems);
    }

    /** Checks one acknowledgement; returns whether its signature verified. */
    private boolean checkAcknowledgement(CheckpointStore.Witness witness, long headSeq,
            List<VerificationReport.Problem> problems) {
        CheckpointAcknowledgement acknowledgement;
        try {
            acknowledgement = signatures.verifyAcknowledgement(witness.acknowledgement(), witness.county());
        } catch (GatewayException e) {
            problems.add(new VerificationReport.Problem(witness.seq(), VerificationReport.Kind.SIGNATURE_INVALID,
                    "the acknowledgement of " + witness.county() + " for entry " + witness.seq() + " does not verify: "
                            + e.getMessage()));
            return false;
        }
        compare(acknowledgement.seq(), acknowledgement.headHash(), "the checkpoint witnessed by " + witness.county()
                + " at " + acknowledgement.witnessedAt(), headSeq, problems);
        return true;
    }

    private void checkPartnerCopy(byte[] signed, String witness, long headSeq, List<VerificationReport.Problem> problems) {
        Checkpoint checkpoint;
        try {
            checkpoint = signatures.verifyCheckpoint(signed, ledger.gateway());
        } catch (GatewayException e) {
            problems.add(new VerificationReport.Problem(0, VerificationReport.Kind.SIGNATURE_INVALID,
                    "a checkpoint copy from " + witness + " does not verify: " + e.getMessage()));
            return;
        }
        compare(checkpoint.seq(), checkpoint.headHash(), "the copy of the signed checkpoint that " + witness + " stored",
                headSeq, problems);
    }

    private void compare(long seq, String headHash, String source, long headSeq, List<VerificationReport.Problem> problems) {
        Optional<LedgerEntry> entry = ledger.entry(seq);
        if (entry.isEmpty()) {
            VerificationReport.Kind kind = seq > headSeq ? VerificationReport.Kind.TRUNCATED : VerificationReport.Kind.MISSING;
            problems.add(new VerificationReport.Problem(seq, kind, source + " names entry " + seq + ", but "
                    + (seq > headSeq ? "the ledger ends at entry " + headSeq + ": entries were removed from the tail"
                            : "that entry is missing")));
            return;
        }
        if (!entry.get().entryHash().equals(headHash)) {
            problems.add(new VerificationReport.Problem(seq, VerificationReport.Kind.CHECKPOINT_MISMATCH, "entry " + seq
                    + " has hash " + entry.get().entryHash() + ", but " + source + " names " + headHash
                    + ": the ledger was rewritten at or before entry " + seq));
        }
    }
}
