package org.interagency.gateway.ledger;

/**
 * What a step reports to the ledger; the ledger adds the sequence, time, gateway and hashes.
 * Build it with {@link #of(LedgerEvent, Decision)} and the {@code with...} methods.
 */
public record LedgerRecord(LedgerEvent event, Decision decision, String messageId, String exchangeType,
        String senderAgency, String recipientAgency, String reasonCode, String mouClause, String payloadDigest,
        String actor) {

    /** Starts a record of {@code event} with {@code decision} and no other fields. */
    public static LedgerRecord of(LedgerEvent event, Decision decision) {
        return new LedgerRecord(event, decision, null, null, null, null, null, null, null, null);
    }

    public LedgerRecord withMessage(String id, String type) {
        return new LedgerRecord(event, decision, id, type, senderAgency, recipientAgency, reasonCode, mouClause,
                payloadDigest, actor);
    }

    public LedgerRecord withAgencies(String sender, String recipient) {
        return new LedgerRecord(event, decision, messageId, exchangeType, sender, recipient, reasonCode, mouClause,
                payloadDigest, actor);
    }

    public LedgerRecord withReason(String code) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, code, mouClause,
                payloadDigest, actor);
    }

    public LedgerRecord withMouClause(String clause) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                clause, payloadDigest, actor);
    }

    public LedgerRecord withDigest(String digest) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, digest, actor);
    }

    public LedgerRecord withActor(String caller) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, payloadDigest, caller);
    }
}
