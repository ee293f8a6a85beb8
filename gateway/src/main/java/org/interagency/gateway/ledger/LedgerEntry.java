package org.interagency.gateway.ledger;

import java.time.Instant;

/**
 * One ledger row. Only ids, types, agencies, decisions and digests: never payload content,
 * names or birth dates.
 */
public record LedgerEntry(long seq, Instant recordedAt, String gateway, LedgerEvent event, String messageId,
        String exchangeType, String senderAgency, String recipientAgency, Decision decision, String reasonCode,
        String mouClause, String payloadDigest, String actor, String consentIds, String subjectPseudonym,
        String purpose, String previousHash, String entryHash) {

    /**
     * Returns the fields that the entry hash covers, in a fixed order and unambiguous form: the
     * fields joined by the unit separator U+001F, an absent field as the empty string.
     */
    public String canonicalForm() {
        return String.join("\u001f", String.valueOf(seq), recordedAt.toString(), gateway, event.name(),
                nullSafe(messageId), nullSafe(exchangeType), nullSafe(senderAgency), nullSafe(recipientAgency),
                decision.name(), nullSafe(reasonCode), nullSafe(mouClause), nullSafe(payloadDigest), nullSafe(actor),
                nullSafe(consentIds), nullSafe(subjectPseudonym), nullSafe(purpose), previousHash);
    }

    private static String nullSafe(String value) {
        return value == null ? "" : value;
    }
}
