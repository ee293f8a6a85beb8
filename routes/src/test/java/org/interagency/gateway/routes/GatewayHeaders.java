package org.interagency.gateway.routes;

/**
 * Header and exchange property names the routes and the gateway's beans share. The routes
 * module does not depend on the gateway module, so the names are repeated here from
 * {@code org.interagency.gateway.exchange.Headers}, {@code Opening} and {@code Inbox}.
 */
final class GatewayHeaders {

    static final String MESSAGE_ID = "gatewayMessageId";
    static final String EXCHANGE_TYPE = "gatewayExchangeType";
    static final String SENDER_AGENCY = "gatewaySenderAgency";
    static final String SENDER_COUNTY = "gatewaySenderCounty";
    static final String RECIPIENTS = "gatewayRecipients";
    static final String RECIPIENT_AGENCY = "gatewayRecipientAgency";
    static final String RECIPIENT_COUNTY = "gatewayRecipientCounty";
    static final String CALLER = "gatewayCaller";
    static final String ENVELOPE_DIGEST = "gatewayEnvelopeDigest";
    static final String REPEATED_DELIVERY = "gatewayRepeatedDelivery";
    static final String ALREADY_IN_INBOX = "gatewayAlreadyInInbox";

    /** Exchange property: the local recipient agency ids of an opened envelope. */
    static final String LOCAL_RECIPIENTS = "gatewayLocalRecipients";

    /** Exchange property: the opened message text each inbox receives. */
    static final String CONTENT = "gatewayContent";

    private GatewayHeaders() {
    }
}
