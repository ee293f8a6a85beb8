package org.interagency.gateway.ledger;

/** The steps the ledger records, on the sending and the receiving gateway. */
public enum LedgerEvent {
    ACCEPTED,
    DENIED,
    SEALED,
    SENT,
    DELIVERY_FAILED,
    RECEIVED,
    OPENED,
    REFUSED,
    DELIVERED,
    ACKNOWLEDGED,
    RECEIPT_SENT,
    RECEIPT_RECEIVED,
    AUTOMATIC_REFERRAL,
    MOU_ACTIVATED,
    CONSENT_RECORDED,
    CONSENT_REVOKED,
    SETTINGS_CHANGED,
    AUDIT_VIEWED,
    AUDIT_EXPORTED,
    PAYLOAD_PURGED,
    DEAD_LETTERS_VIEWED,
    DEAD_LETTER_RESENT,
    DEAD_LETTER_DISCARDED,
    SETTINGS_VIEWED
}
