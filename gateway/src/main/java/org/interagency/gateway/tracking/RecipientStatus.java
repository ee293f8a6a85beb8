package org.interagency.gateway.tracking;

import java.time.Instant;

/** The delivery state of one message for one recipient agency. */
public record RecipientStatus(String recipientAgency, String recipientCounty, DeliveryState state, String reasonCode,
        String reason, Instant updatedAt) {
}
