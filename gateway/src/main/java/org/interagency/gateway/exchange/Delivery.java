package org.interagency.gateway.exchange;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.interagency.gateway.consent.ConsentStore;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.PolicyDeniedException;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.receipt.Receipt;
import org.interagency.gateway.receipt.ReceiptKind;
import org.interagency.gateway.receipt.Receipts;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the delivery route: post one envelope to the recipient county's gateway and
 * store the signed delivery receipt it answers with. Bean {@code delivery}.
 */
public class Delivery {

    /** Path of the envelope endpoint every gateway serves. */
    public static final String ENVELOPES_PATH = "/exchange/v1/envelopes";

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final PeerClient peers;
    private final Receipts receipts;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final int maximumRedeliveries;
    private final PolicyEngine policy;
    private final ConsentStore consents;
    private final Clock clock;

    public Delivery(PeerClient peers, Receipts receipts, MessageTracker tracker, Ledger ledger, int maximumRedeliveries,
            PolicyEngine policy, ConsentStore consents, Clock clock) {
        this.maximumRedeliveries = maximumRedeliveries;
        this.policy = policy;
        this.consents = consents;
        this.clock = clock;
        this.peers = peers;
        this.receipts = receipts;
        this.tracker = tracker;
        this.ledger = ledger;
    }

    /**
     * Checks again that the MOU versions and Consents the sealed message relies on still hold.
     *
     * @throws PolicyDeniedException if one no longer holds; it is not retried
     */
    public void recheckPolicy(Exchange exchange) {
        Message in = exchange.getMessage();
        List<MouBinding> mous = split(in.getHeader(Headers.MOU_BINDINGS, String.class)).stream().map(MouBinding::parse).toList();
        List<String> consentIds = split(in.getHeader(Headers.CONSENT_IDS, String.class));

        policy.recheck(mous, consentIds, LocalDate.now(clock), consents::isActive);
    }

    /** Marks the message as sent to its recipient county, before the attempt, so status shows it. */
    public void markSent(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String county = in.getHeader(Headers.RECIPIENT_COUNTY, String.class);
        int attempt = in.getHeader("JMSXDeliveryCount", 1, Integer.class);

        if (attempt == 1) {
            recordPerRecipient(in, LedgerEvent.SENT, Decision.PERMIT, null);
        }
        tracker.advance(messageId, county, DeliveryState.SENT, null, null);
    }

    /** Posts the envelope and puts the peer's signed receipt in the body. */
    public void deliver(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String county = in.getHeader(Headers.RECIPIENT_COUNTY, String.class);

        byte[] receipt = peers.post(county, ENVELOPES_PATH, in.getBody(byte[].class), messageId);

        in.setBody(receipt);
        log.info("delivered messageId={} type={} county={}", messageId, in.getHeader(Headers.EXCHANGE_TYPE), county);
    }

    /** Verifies the delivery receipt against the message and envelope, then stores it. */
    public void acceptReceipt(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String county = in.getHeader(Headers.RECIPIENT_COUNTY, String.class);
        byte[] signed = in.getBody(byte[].class);
        tracker.advance(messageId, county, DeliveryState.DELIVERED, null, null);

        Receipt receipt = receipts.verify(signed, county, messageId, ReceiptKind.DELIVERED);
        String expectedDigest = in.getHeader(Headers.ENVELOPE_DIGEST, String.class);
        if (!expectedDigest.equals(receipt.envelopeDigest())) {
            throw new GatewayException(ErrorCode.RECEIPT_INVALID, "receipt from " + county + " for message " + messageId
                    + " confirms envelope " + receipt.envelopeDigest() + ", not the one sent (" + expectedDigest + ")");
        }

        // The ledger row comes first, so a receipted status always has its row.
        tracker.storeReceipt(messageId, county, ReceiptKind.DELIVERED.code(), signed);
        recordPerRecipient(in, LedgerEvent.RECEIPT_RECEIVED, Decision.PERMIT, null);
        tracker.advance(messageId, county, DeliveryState.RECEIPTED, null, null);
    }

    /**
     * Handles a failed attempt: rethrows it for a broker redelivery while a retry can help,
     * otherwise marks the message failed for the county so the route dead-letters it.
     */
    public void failOrRetry(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String county = in.getHeader(Headers.RECIPIENT_COUNTY, String.class);

        ErrorCode code = Redelivery.retryOrGiveUp(exchange, maximumRedeliveries, log,
                "delivery of message " + messageId + " to " + county);

        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class) instanceof PolicyDeniedException) {
            recordPerRecipient(in, LedgerEvent.DENIED, Decision.DENY, code.name());
        } else {
            recordPerRecipient(in, LedgerEvent.DELIVERY_FAILED, Decision.ERROR, code.name());
        }
        tracker.advance(messageId, county, DeliveryState.FAILED, code, code.reason());
    }

    private static List<String> split(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.asList(list.split(","));
    }

    private void recordPerRecipient(Message in, LedgerEvent event, Decision decision, String reason) {
        List<String> recipients = Arrays.asList(in.getHeader(Headers.RECIPIENTS, String.class).split(","));
        for (String recipient : recipients) {
            ledger.append(LedgerRecord.of(event, decision)
                    .withMessage(in.getHeader(Headers.MESSAGE_ID, String.class), in.getHeader(Headers.EXCHANGE_TYPE, String.class))
                    .withAgencies(in.getHeader(Headers.SENDER_AGENCY, String.class), recipient)
                    .withReason(reason)
                    .withDigest(in.getHeader(Headers.ENVELOPE_DIGEST, String.class)));
        }
    }
}
