package org.interagency.gateway.inbox;

import java.time.Instant;

/** A message waiting in an agency's inbox, with the exact FHIR text the sender signed. */
public record InboxMessage(String messageId, String exchangeType, String senderAgency, String senderCounty,
        Instant receivedAt, String content) {
}
