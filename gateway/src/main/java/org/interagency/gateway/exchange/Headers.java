package org.interagency.gateway.exchange;

/**
 * Names of the Camel and JMS headers the routes pass between steps. They are plain Java
 * identifiers because JMS property names must be.
 */
public final class Headers {

    /** MessageHeader id of the FHIR message. */
    public static final String MESSAGE_ID = "gatewayMessageId";
    /** Exchange type code, such as {@code detention-notice}. */
    public static final String EXCHANGE_TYPE = "gatewayExchangeType";
    /** Agency id of the sender. */
    public static final String SENDER_AGENCY = "gatewaySenderAgency";
    /** County of the sending gateway, as its TLS client certificate names it. */
    public static final String SENDER_COUNTY = "gatewaySenderCounty";
    /** Comma-separated agency ids of the recipients the step concerns. */
    public static final String RECIPIENTS = "gatewayRecipients";
    /** One recipient agency id. */
    public static final String RECIPIENT_AGENCY = "gatewayRecipientAgency";
    /** County whose gateway the envelope or receipt goes to. */
    public static final String RECIPIENT_COUNTY = "gatewayRecipientCounty";
    /** Authenticated caller: agency id for agency systems, county for peer gateways. */
    public static final String CALLER = "gatewayCaller";
    /** {@code json} or {@code xml}: the FHIR encoding the agency sent. */
    public static final String CONTENT_FORMAT = "gatewayContentFormat";
    /** Digest of the message as the sender signed it. */
    public static final String PAYLOAD_DIGEST = "gatewayPayloadDigest";
    /** Digest of the envelope as it travelled between gateways. */
    public static final String ENVELOPE_DIGEST = "gatewayEnvelopeDigest";
    /** The MOU clause that allowed the message, for the ledger. */
    public static final String MOU_CLAUSE = "gatewayMouClause";
    /** Comma-separated MOU versions ({@code id/v<version>@<digest>}) the sealed message relies on. */
    public static final String MOU_BINDINGS = "gatewayMouBindings";
    /** Comma-separated ids of the Consents the sealed message relies on; empty when none. */
    public static final String CONSENT_IDS = "gatewayConsentIds";
    /**
     * Entries the policy withholds, one line per recipient and entry ({@code <agency>: <type>
     * <fullUrl> [<classes>]: <reason>}), for the intake answer; absent when nothing is withheld.
     */
    public static final String WITHHELD = "gatewayWithheld";
    /** Set when a gateway receives an envelope it already opened; the stored receipt is the answer. */
    public static final String REPEATED_DELIVERY = "gatewayRepeatedDelivery";
    /** Error code of the failure that moved a message to a dead-letter queue. */
    public static final String FAILURE_CODE = "gatewayFailureCode";

    private Headers() {
    }
}
