package org.interagency.gateway.policy;

/** The MOU clause a decision relied on, as the ledger records it ({@code mou-id/v1#clause}). */
public record ClauseReference(String mouId, int mouVersion, String clauseId) {

    @Override
    public String toString() {
        return mouId + "/v" + mouVersion + "#" + clauseId;
    }
}
