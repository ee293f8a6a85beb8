package org.interagency.gateway.policy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.interagency.gateway.error.ErrorCode;

/**
 * The policy engine's decision for one recipient: allowed or denied with a reason code, the MOU
 * clauses and Consents it relied on, the entries it removes, and the rules for the recipient.
 *
 * @param reason the denial's error code; null when allowed
 * @param explanation one sentence for logs, the ledger and {@code policy check}: ids and
 *     classes only, never content
 * @param clauses the clauses that let at least one data class flow
 * @param mous the signed MOU versions those clauses belong to, which the message carries
 * @param consentIds the Consents that permitted a data class
 * @param withheld the entries removed from the recipient's Bundle
 * @param retentionDays the days the recipient may keep the payload: the shortest of the clauses used
 * @param onwardDisclosure whether every clause used allows onward disclosure
 */
public record PolicyDecision(boolean allowed, ErrorCode reason, String explanation, List<ClauseReference> clauses,
        List<MouBinding> mous, List<String> consentIds, List<WithheldResource> withheld, int retentionDays,
        boolean onwardDisclosure) {

    public PolicyDecision {
        clauses = List.copyOf(clauses);
        mous = List.copyOf(mous);
        consentIds = List.copyOf(consentIds);
        withheld = List.copyOf(withheld);
    }

    static PolicyDecision deny(ErrorCode reason, String explanation, List<ClauseReference> clauses) {
        return new PolicyDecision(false, reason, explanation, clauses, List.of(), List.of(), List.of(), 0, false);
    }

    /** Returns the exception that stops the message for this recipient; only for a denial. */
    public PolicyDeniedException denial() {
        return new PolicyDeniedException(reason, explanation);
    }

    /** Returns the fullUrls of the withheld entries. */
    public Set<String> withheldUrls() {
        return withheld.stream().map(WithheldResource::fullUrl).collect(Collectors.toSet());
    }

    /** Returns the clauses in the form of the ledger's {@code mou_clause} column, comma-separated. */
    public String clauseList() {
        return clauses.stream().map(ClauseReference::toString).distinct().collect(Collectors.joining(","));
    }
}
