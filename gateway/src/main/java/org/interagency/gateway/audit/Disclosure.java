package org.interagency.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One disclosure of a message about a youth to one recipient agency, as an accounting of
 * disclosures lists it, from this gateway's ledger.
 *
 * @param firstRecordedAt the time of the first ledger entry about this message and recipient
 * @param lastEvent the latest step, such as ACKNOWLEDGED
 * @param entries the sequence numbers of the ledger entries it is built from
 */
public record Disclosure(String messageId, String exchangeType, String senderAgency, String recipientAgency,
        String mouClause, String consentIds, String purpose, Instant firstRecordedAt, String lastEvent, List<Long> entries) {
}
