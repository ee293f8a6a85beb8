package org.interagency.gateway.policy;

import java.util.List;
import org.interagency.gateway.directory.Agency;

/**
 * One clause of an MOU: which senders may send which exchange types to which recipients, for
 * which purposes, which data classes, under which consent rule, and how long recipients may
 * keep the payload.
 */
public record MouClause(String id, List<PartySelector> senders, List<PartySelector> recipients, List<String> exchangeTypes,
        List<String> purposes, List<String> dataClasses, ConsentRule consent, boolean onwardDisclosure, int retentionDays) {

    public MouClause {
        dataClasses = dataClasses == null ? List.of() : List.copyOf(dataClasses);
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
    }

    /** Returns whether this clause covers a message of {@code exchangeType} from {@code sender} to {@code recipient}. */
    public boolean covers(Agency sender, Agency recipient, String exchangeType) {
        return exchangeTypes.contains(exchangeType)
                && senders.stream().anyMatch(selector -> selector.matches(sender))
                && recipients.stream().anyMatch(selector -> selector.matches(recipient));
    }

    /** Returns whether this clause lists {@code dataClass}. */
    public boolean lists(String dataClass) {
        return dataClasses.contains(dataClass);
    }
}
