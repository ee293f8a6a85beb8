package org.interagency.gateway.exchange;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.consent.ConsentDigest;
import org.interagency.gateway.config.GatewayKeys;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.EnvelopeOpener;
import org.interagency.gateway.envelope.OpenedEnvelope;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.fhir.MessageValidator;
import org.interagency.gateway.fhir.ParsedMessage;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.PolicyDecision;
import org.interagency.gateway.policy.PolicyDeniedException;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.policy.PolicyRequest;
import org.interagency.gateway.receipt.ReceiptKind;
import org.interagency.gateway.receipt.Receipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the inbound route on the receiving gateway. They open the envelope and check
 * that the message is bound to the sender, the delivering gateway and this county. Then they
 * check policy with this gateway's own copy of the MOUs and respond with a signed receipt.
 * Bean {@code opening}.
 */
public class Opening {

    /** Exchange property holding the local recipient agency ids. */
    public static final String LOCAL_RECIPIENTS = "gatewayLocalRecipients";

    /** Exchange property holding this gateway's policy decision per local recipient agency id, for the ledger. */
    public static final String RECIPIENT_DECISIONS = "gatewayRecipientDecisions";

    /** Exchange property holding the opened message text, which each inbox receives. */
    public static final String CONTENT = "gatewayContent";

    private static final Logger log = LoggerFactory.getLogger(Opening.class);

    private final EnvelopeOpener opener;
    private final MessageValidator validator;
    private final GatewayKeys keys;
    private final Directory directory;
    private final PolicyEngine policy;
    private final OpenedMessageStore opened;
    private final Receipts receipts;
    private final Ledger ledger;
    private final String county;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration clockSkew;

    public Opening(EnvelopeOpener opener, MessageValidator validator, GatewayKeys keys, Directory directory,
            PolicyEngine policy, OpenedMessageStore opened, Receipts receipts, Ledger ledger, String county, Clock clock,
            GatewayProperties.Binding window) {
        this.opener = opener;
        this.validator = validator;
        this.keys = keys;
        this.directory = directory;
        this.policy = policy;
        this.opened = opened;
        this.receipts = receipts;
        this.ledger = ledger;
        this.county = county;
        this.clock = clock;
        this.maxAge = window.getMaxAge();
        this.clockSkew = window.getClockSkew();
    }

    /**
     * Opens the envelope in the body. A repeated delivery of an envelope already opened sets
     * {@link Headers#REPEATED_DELIVERY} and puts the stored receipt in the body instead.
     */
    public void open(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] envelope = in.getBody(byte[].class);
        String senderCounty = in.getHeader(Headers.SENDER_COUNTY, String.class);
        String envelopeDigest = PayloadDigest.of(envelope);
        in.setHeader(Headers.ENVELOPE_DIGEST, envelopeDigest);

        Optional<byte[]> earlierReceipt = opened.receiptForEnvelope(envelopeDigest);
        if (earlierReceipt.isPresent()) {
            in.setHeader(Headers.REPEATED_DELIVERY, true);
            in.setBody(earlierReceipt.get());
            log.info("repeated delivery of envelope {} from {}; responding with the stored receipt", envelopeDigest, senderCounty);
            return;
        }

        ledger.append(LedgerRecord.of(LedgerEvent.RECEIVED, Decision.PERMIT).withDigest(envelopeDigest)
                .withActor(CertificateUris.GATEWAY_PREFIX + senderCounty));
        ParsedMessage message = null;
        try {
            // The county comes from the TLS client certificate, and the opener allows AES-CBC
            // only from the counties in gateway.envelope.cbc-allowed-peers.
            OpenedEnvelope content = opener.open(envelope, keys.decryptionKeys(), directory.trustAnchors(),
                    clock.instant(), senderCounty);
            message = validator.validate(new String(content.content(), StandardCharsets.UTF_8),
                    MediaFormat.detect(content.content()));
            checkBinding(message, content, senderCounty);
            opened.archiveEnvelope(message.messageId(), senderCounty, envelope);
            Map<String, PolicyDecision> decisions = localRecipients(message);
            List<String> recipients = List.copyOf(decisions.keySet());

            in.setHeader(Headers.MESSAGE_ID, message.messageId());
            in.setHeader(Headers.EXCHANGE_TYPE, message.exchangeType());
            in.setHeader(Headers.SENDER_AGENCY, message.senderAgency());
            in.setHeader(Headers.PAYLOAD_DIGEST, PayloadDigest.of(content.content()));
            exchange.setProperty(LOCAL_RECIPIENTS, recipients);
            exchange.setProperty(RECIPIENT_DECISIONS, decisions);
            String text = new String(content.content(), StandardCharsets.UTF_8);
            exchange.setProperty(CONTENT, text);
            in.setBody(text);
        } catch (GatewayException e) {
            LedgerRecord refused = LedgerRecord.of(LedgerEvent.REFUSED, Decision.DENY).withDigest(envelopeDigest)
                    .withReason(e.code().name()).withActor(CertificateUris.GATEWAY_PREFIX + senderCounty);
            if (message != null) {
                refused = refused.withMessage(message.messageId(), message.exchangeType()).withAgencies(message.senderAgency(), null)
                        .withSubject(ledger.subjectOf(message.bundle()));
            }
            ledger.append(refused);
            log.warn("rejected envelope {} from {}: {} {}", envelopeDigest, senderCounty, e.code(), e.getMessage());
            throw e;
        }
    }

    /**
     * Signs the delivery receipt, records the message as opened and puts the receipt in the
     * body as the response to the sending gateway.
     */
    public void answer(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        String senderCounty = in.getHeader(Headers.SENDER_COUNTY, String.class);
        String envelopeDigest = in.getHeader(Headers.ENVELOPE_DIGEST, String.class);

        byte[] receipt = receipts.issue(ReceiptKind.DELIVERED, messageId, senderCounty, envelopeDigest, null);
        opened.record(messageId, type, sender, senderCounty, envelopeDigest, receipt);

        ledger.append(LedgerRecord.of(LedgerEvent.RECEIPT_SENT, Decision.PERMIT).withMessage(messageId, type)
                .withAgencies(sender, null).withDigest(PayloadDigest.of(receipt))
                .withActor(CertificateUris.GATEWAY_PREFIX + senderCounty));
        in.setBody(receipt);
    }

    private void checkBinding(ParsedMessage message, OpenedEnvelope content, String senderCounty) {
        String messageId = message.messageId();
        if (!content.signerAgencyId().equals(message.senderAgency())) {
            throw new GatewayException(ErrorCode.SIGNER_SENDER_MISMATCH, "message " + messageId + " names sender "
                    + message.senderAgency() + " but was signed by " + content.signerAgencyId());
        }
        Agency sender = directory.agency(message.senderAgency()).orElseThrow(() -> new GatewayException(
                ErrorCode.SIGNER_NOT_AGENCY, "sender " + message.senderAgency() + " of message " + messageId
                        + " is not an agency of the directory"));
        if (!sender.county().equals(senderCounty)) {
            throw new GatewayException(ErrorCode.SENDER_COUNTY_MISMATCH, "message " + messageId + " from "
                    + sender.id() + " was delivered by the gateway of " + senderCounty + ", not of " + sender.county());
        }
        checkWindow(message, content.signingTime());
        Optional<String> earlier = opened.envelopeDigest(messageId);
        if (earlier.isPresent()) {
            throw new GatewayException(ErrorCode.REPLAYED_MESSAGE, "message " + messageId
                    + " was already opened from another envelope; a sender must give each message a new id");
        }
        ledger.append(LedgerRecord.of(LedgerEvent.OPENED, Decision.PERMIT).withMessage(messageId, message.exchangeType())
                .withAgencies(sender.id(), null).withDigest(PayloadDigest.of(content.content()))
                .withSubject(ledger.subjectOf(message.bundle())));
    }

    /**
     * Checks that the MessageHeader timestamp ({@code Bundle.timestamp}, required by the
     * message profiles) and the CMS signing time lie in the window. The replay store deletes
     * ids after the window, so this check keeps an old message from being replayed.
     */
    private void checkWindow(ParsedMessage message, Instant signingTime) {
        Instant timestamp = message.bundle().getTimestamp() == null ? null : message.bundle().getTimestamp().toInstant();
        checkWindow(message.messageId(), timestamp, signingTime, clock.instant(), maxAge, clockSkew);
    }

    /**
     * Checks both times of message {@code messageId} against the window around {@code now}.
     *
     * @throws GatewayException with {@link ErrorCode#MESSAGE_OUTSIDE_WINDOW} if the timestamp
     *     is missing, or either time is older than max-age plus skew or more than skew ahead
     */
    static void checkWindow(String messageId, Instant timestamp, Instant signingTime, Instant now, Duration maxAge,
            Duration clockSkew) {
        if (timestamp == null) {
            throw new GatewayException(ErrorCode.MESSAGE_OUTSIDE_WINDOW, "message " + messageId
                    + " has no Bundle.timestamp; the sender must set it to the time it assembled the message");
        }
        requireInWindow("Bundle.timestamp", timestamp, messageId, now, maxAge, clockSkew);
        requireInWindow("CMS signing time", signingTime, messageId, now, maxAge, clockSkew);
    }

    private static void requireInWindow(String field, Instant time, String messageId, Instant now, Duration maxAge,
            Duration clockSkew) {
        if (time.isAfter(now.plus(clockSkew))) {
            throw new GatewayException(ErrorCode.MESSAGE_OUTSIDE_WINDOW, field + " " + time + " of message " + messageId
                    + " is more than gateway.binding.clock-skew (" + clockSkew + ") ahead of this gateway's clock " + now
                    + "; the sending gateway's clock must be corrected");
        }
        if (time.isBefore(now.minus(maxAge).minus(clockSkew))) {
            throw new GatewayException(ErrorCode.MESSAGE_OUTSIDE_WINDOW, field + " " + time + " of message " + messageId
                    + " is older than gateway.binding.max-age (" + maxAge + ") plus the clock skew at " + now
                    + "; the sender must send the content again as a new message");
        }
    }

    /**
     * Resolves the destinations this gateway serves and runs the policy engine for each with
     * this gateway's own MOUs and the Consents the message carries. Destinations of other
     * counties are not ours to deliver. A local destination the policy denies stops the message
     * (deny by default), and so does any entry this gateway's MOUs would have withheld.
     */
    private Map<String, PolicyDecision> localRecipients(ParsedMessage message) {
        Agency sender = directory.agency(message.senderAgency()).orElseThrow();
        LocalDate today = LocalDate.now(clock);
        Bundle bundle = message.bundle();
        List<Consent> carried = carriedConsents(message);
        String purpose = PolicyHeader.purpose(bundle).orElse(null);
        List<MouBinding> bindings = PolicyHeader.bindings(bundle);

        Map<String, PolicyDecision> local = new LinkedHashMap<>();
        for (String destination : message.destinationEndpoints()) {
            Agency recipient = directory.resolve(destination);
            if (!recipient.county().equals(county)) {
                continue;
            }
            PolicyDecision decision = policy.decideReceived(new PolicyRequest(sender, recipient, message.exchangeType(), purpose,
                    bundle, carried, today), bindings);
            if (!decision.allowed()) {
                throw new PolicyDeniedException(decision.reason(), "this gateway's policy rejects message "
                        + message.messageId() + " to " + recipient.id() + ": " + decision.explanation());
            }
            local.put(recipient.id(), decision);
        }
        if (local.isEmpty()) {
            throw new GatewayException(ErrorCode.NO_LOCAL_DESTINATION, "no destination of message " + message.messageId()
                    + " is an agency of " + county);
        }
        return local;
    }

    /** Returns the Consents the MessageHeader references, each checked against its digest. */
    private static List<Consent> carriedConsents(ParsedMessage message) {
        List<Consent> carried = new ArrayList<>();
        for (PolicyHeader.CarriedConsent reference : PolicyHeader.consents(message.bundle())) {
            if (reference.consent() == null || !ConsentDigest.of(reference.consent()).equals(reference.digest())) {
                throw new GatewayException(ErrorCode.CONSENT_MISMATCH, "message " + message.messageId() + " references Consent "
                        + reference.fullUrl() + (reference.consent() == null ? ", which the Bundle does not contain"
                                : ", whose terms do not match the digest " + reference.digest()));
            }
            carried.add(reference.consent());
        }
        return carried;
    }
}
