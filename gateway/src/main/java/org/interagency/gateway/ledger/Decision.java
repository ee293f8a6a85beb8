package org.interagency.gateway.ledger;

/** The outcome a ledger entry records for its step. */
public enum Decision {
    /** The step was allowed and done. */
    PERMIT,
    /** Policy or verification stopped the message. */
    DENY,
    /** The step failed for a technical reason; the reason code says which. */
    ERROR
}
