package org.interagency.gateway.policy;

import java.time.LocalDate;
import java.util.List;

/** A versioned inter-agency agreement: who may send which exchange types to whom. */
public record Mou(String id, int version, String title, List<String> parties, LocalDate effective, LocalDate expires,
        List<MouClause> clauses) {

    /** Returns whether {@code day} lies inside the agreement's dates, both ends included. */
    public boolean activeOn(LocalDate day) {
        return !day.isBefore(effective) && !day.isAfter(expires);
    }
}
