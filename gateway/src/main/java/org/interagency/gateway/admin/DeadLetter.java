package org.interagency.gateway.admin;

import java.time.Instant;

/**
 * One message in a dead-letter queue, described by its routing headers only: the payload or
 * envelope never leaves the queue through the admin API.
 *
 * @param id the JMS message id, which the resend and discard calls take
 * @param queue the dead-letter queue, such as {@code gateway.outbound.dead}
 * @param recipientCounty the county the envelope or receipt was for; null for a sealing failure
 * @param recipients comma-separated recipient agency ids
 * @param reasonCode the error code of the failure that dead-lettered it; null when a broker
 *     limit rather than a route moved it
 */
public record DeadLetter(String id, String queue, String messageId, String exchangeType, String senderAgency,
        String recipientCounty, String recipients, String reasonCode, Instant deadLetteredAt) {
}
