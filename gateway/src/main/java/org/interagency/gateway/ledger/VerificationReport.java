package org.interagency.gateway.ledger;

import java.util.List;

/**
 * The result of checking a ledger: its chain, its own checkpoints and the checkpoints its
 * partners acknowledged.
 *
 * @param entries the number of entries read
 * @param headSeq the sequence number of the last entry, or 0 for an empty ledger
 * @param checkpoints the number of this gateway's signed checkpoints checked
 * @param witnessed the number of partner acknowledgements checked
 * @param witnessedUpTo the highest entry that a verified partner acknowledgement names, or 0
 * @param timestamped the number of checkpoints that carry a time-stamp token
 * @param problems what is wrong, first broken entry first; empty when the ledger is intact
 */
public record VerificationReport(long entries, long headSeq, int checkpoints, int witnessed, long witnessedUpTo,
        int timestamped, List<Problem> problems) {

    /** The kinds of damage the verification detects. */
    public enum Kind {
        /** An entry's fields no longer give its hash: it was edited, or moved to another sequence number. */
        EDITED,
        /** A sequence number is missing: the entry was deleted. */
        MISSING,
        /** An entry does not link to the hash of the entry before it: one was inserted, removed or reordered. */
        LINK_BROKEN,
        /** A checkpoint names an entry after the last one: entries were cut from the tail. */
        TRUNCATED,
        /** An entry's hash differs from the one a signed checkpoint names: the ledger was rewritten. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint or acknowledgement does not verify. */
        SIGNATURE_INVALID
    }

    /**
     * One problem.
     *
     * @param seq the entry it concerns
     * @param kind the kind of damage
     * @param detail what is wrong, naming the entry and the evidence
     */
    public record Problem(long seq, Kind kind, String detail) {
    }

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    /** Returns whether nothing is wrong. */
    public boolean intact() {
        return problems.isEmpty();
    }

    /** Returns the first problem, by entry, or null when intact. */
    public Problem firstProblem() {
        return problems.stream().min(java.util.Comparator.comparingLong(Problem::seq)).orElse(null);
    }
}
