package org.interagency.gateway.policy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An MOU as this gateway loaded it: the agreement, its file, the digest of its canonical form
 * and the parties whose detached signatures verified over that form.
 */
public record SignedMou(Mou mou, Path file, String digest, List<String> signedBy) {

    public SignedMou {
        signedBy = List.copyOf(signedBy);
    }

    /** Returns the parties that have not signed this version yet, in the order the MOU lists them. */
    public List<String> missingParties() {
        return mou.parties().stream().filter(party -> !signedBy.contains(party)).toList();
    }

    /** Returns whether every party signed and {@code day} lies inside the MOU's dates. */
    public boolean activeOn(LocalDate day) {
        return missingParties().isEmpty() && mou.activeOn(day);
    }

    /** Returns every reason why the MOU is not active on {@code day}, or null when it is. */
    public String inactiveReason(LocalDate day) {
        List<String> reasons = new ArrayList<>();
        if (!missingParties().isEmpty()) {
            reasons.add("it waits for the signatures of " + missingParties());
        }
        if (day.isBefore(mou.effective())) {
            reasons.add("it takes effect on " + mou.effective());
        }
        if (day.isAfter(mou.expires())) {
            reasons.add("it expired on " + mou.expires());
        }
        return reasons.isEmpty() ? null : String.join(" and ", reasons);
    }

    public MouBinding binding() {
        return new MouBinding(mou.id(), mou.version(), digest);
    }
}
