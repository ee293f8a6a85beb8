package org.interagency.gateway.tracking;

import java.time.Instant;
import java.util.List;

/** A message this gateway accepted from one of its agencies, with its state per recipient. */
public record OutboundMessage(String messageId, String exchangeType, String senderAgency, String payloadDigest,
        Instant acceptedAt, List<RecipientStatus> recipients) {
}
