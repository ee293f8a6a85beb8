package org.interagency.gateway.exchange;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.receipt.Receipt;
import org.interagency.gateway.receipt.ReceiptKind;
import org.interagency.gateway.receipt.Receipts;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.interagency.gateway.tracking.OutboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the receipt routes: when a recipient agency acknowledges a message, the
 * receiving gateway signs an acknowledgement receipt and posts it to the sending gateway,
 * which verifies and stores it. Bean {@code acknowledgements}.
 */
public class Acknowledgements {

    /** Path of the receipt endpoint every gateway serves. */
    public static final String RECEIPTS_PATH = "/exchange/v1/receipts";

    private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);

    private final Receipts receipts;
    private final PeerClient peers;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final int maximumRedeliveries;

    public Acknowledgements(Receipts receipts, PeerClient peers, MessageTracker tracker, Ledger ledger,
            int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
        this.receipts = receipts;
        this.peers = peers;
        this.tracker = tracker;
        this.ledger = ledger;
    }

    /** Signs the acknowledgement receipt for the sending county and puts it in the body. */
    public void issue(Exchange exchange) {
        Message in = exchange.getMessage();
        in.setBody(receipts.issue(ReceiptKind.ACKNOWLEDGED, in.getHeader(Headers.MESSAGE_ID, String.class),
                in.getHeader(Headers.RECIPIENT_COUNTY, String.class), null,
                in.getHeader(Headers.RECIPIENT_AGENCY, String.class)));
    }

    /** Posts the acknowledgement receipt in the body to the sending county's gateway. */
    public void post(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        byte[] receipt = in.getBody(byte[].class);

        peers.post(in.getHeader(Headers.RECIPIENT_COUNTY, String.class), RECEIPTS_PATH, receipt, messageId);

        ledger.append(LedgerRecord.of(LedgerEvent.RECEIPT_SENT, Decision.PERMIT)
                .withMessage(messageId, in.getHeader(Headers.EXCHANGE_TYPE, String.class))
                .withAgencies(in.getHeader(Headers.SENDER_AGENCY, String.class), in.getHeader(Headers.RECIPIENT_AGENCY, String.class))
                .withDigest(PayloadDigest.of(receipt)));
    }

    /**
     * Handles a failed post: rethrows it for a broker redelivery while a retry can help,
     * otherwise records the failure so the route dead-letters the receipt.
     */
    public void failOrRetry(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);

        ErrorCode code = Redelivery.retryOrGiveUp(exchange, maximumRedeliveries, log,
                "acknowledgement of message " + messageId + " to " + in.getHeader(Headers.RECIPIENT_COUNTY));

        ledger.append(LedgerRecord.of(LedgerEvent.DELIVERY_FAILED, Decision.ERROR)
                .withMessage(messageId, in.getHeader(Headers.EXCHANGE_TYPE, String.class))
                .withAgencies(in.getHeader(Headers.SENDER_AGENCY, String.class), in.getHeader(Headers.RECIPIENT_AGENCY, String.class))
                .withReason(code.name()));
    }

    /**
     * Verifies an acknowledgement receipt posted by the gateway of the county in
     * {@link Headers#SENDER_COUNTY} and moves the acknowledging recipient to ACKNOWLEDGED.
     */
    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        String fromCounty = in.getHeader(Headers.SENDER_COUNTY, String.class);
        byte[] signed = in.getBody(byte[].class);

        Receipt receipt = receipts.verify(signed, fromCounty, null, ReceiptKind.ACKNOWLEDGED);
        String messageId = receipt.messageId();
        OutboundMessage message = tracker.find(messageId).orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND,
                "acknowledgement from " + fromCounty + " names message " + messageId + ", which this gateway did not send"));
        boolean recipientOfThatCounty = message.recipients().stream()
                .anyMatch(r -> r.recipientAgency().equals(receipt.agency()) && r.recipientCounty().equals(fromCounty));
        if (!recipientOfThatCounty) {
            throw new GatewayException(ErrorCode.RECEIPT_INVALID, "acknowledgement from " + fromCounty + " for message "
                    + messageId + " names agency " + receipt.agency() + ", which is not a recipient in that county");
        }

        // The ledger row comes first, so an acknowledged status always has its row.
        tracker.storeReceipt(messageId, fromCounty, ReceiptKind.ACKNOWLEDGED.code() + ":" + receipt.agency(), signed);
        ledger.append(LedgerRecord.of(LedgerEvent.RECEIPT_RECEIVED, Decision.PERMIT)
                .withMessage(messageId, message.exchangeType())
                .withAgencies(message.senderAgency(), receipt.agency())
                .withDigest(PayloadDigest.of(signed)));
        tracker.advanceRecipient(messageId, receipt.agency(), DeliveryState.ACKNOWLEDGED);
        log.info("acknowledged messageId={} type={} recipient={}", messageId, message.exchangeType(), receipt.agency());
    }
}
