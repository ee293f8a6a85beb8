package org.interagency.gateway.ledger;

/**
 * What a step reports to the ledger; the ledger adds the sequence, time, gateway and hashes.
 * Build it with {@link #of(LedgerEvent, Decision)} and the {@code with...} methods.
 *
 * @param consentIds the ids of the Consent resources the decision relied on, comma-separated
 * @param subjectPseudonym the keyed hash of the youth's identifiers, never the identifiers
 * @param purpose the purpose of use the sender declared
 */
public record LedgerRecord(LedgerEvent event, Decision decision, String messageId, String exchangeType,
        String senderAgency, String recipientAgency, String reasonCode, String mouClause, String payloadDigest,
        String actor, String consentIds, String subjectPseudonym, String purpose) {

    /** Starts a record of {@code event} with {@code decision} and no other fields. */
    public static LedgerRecord of(LedgerEvent event, Decision decision) {
        return new LedgerRecord(event, decision, null, null, null, null, null, null, null, null, null, null, null);
    }

    public LedgerRecord withMessage(String id, String type) {
        return new LedgerRecord(event, decision, id, type, senderAgency, recipientAgency, reasonCode, mouClause,
                payloadDigest, actor, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withAgencies(String sender, String recipient) {
        return new LedgerRecord(event, decision, messageId, exchangeType, sender, recipient, reasonCode, mouClause,
                payloadDigest, actor, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withReason(String code) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, code, mouClause,
                payloadDigest, actor, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withMouClause(String clause) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                clause, payloadDigest, actor, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withDigest(String digest) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, digest, actor, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withActor(String caller) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, payloadDigest, caller, consentIds, subjectPseudonym, purpose);
    }

    public LedgerRecord withConsents(String ids) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, payloadDigest, actor, ids, subjectPseudonym, purpose);
    }

    public LedgerRecord withSubject(String pseudonym) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, payloadDigest, actor, consentIds, pseudonym, purpose);
    }

    public LedgerRecord withPurpose(String purposeOfUse) {
        return new LedgerRecord(event, decision, messageId, exchangeType, senderAgency, recipientAgency, reasonCode,
                mouClause, payloadDigest, actor, consentIds, subjectPseudonym, purposeOfUse);
    }
}
