package org.interagency.gateway.policy;

import java.util.List;
import org.interagency.gateway.directory.Agency;

/** One clause of an MOU: senders, recipients and the exchange types that may flow between them. */
public record MouClause(String id, List<PartySelector> senders, List<PartySelector> recipients, List<String> exchangeTypes,
        List<String> purposes, int retentionDays) {

    /** Returns whether this clause covers a message of {@code exchangeType} from {@code sender} to {@code recipient}. */
    public boolean covers(Agency sender, Agency recipient, String exchangeType) {
        return exchangeTypes.contains(exchangeType)
                && senders.stream().anyMatch(selector -> selector.matches(sender))
                && recipients.stream().anyMatch(selector -> selector.matches(recipient));
    }
}
