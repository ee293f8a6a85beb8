package org.interagency.gateway.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.fhir.MessageValidator;
import org.interagency.gateway.fhir.ParsedMessage;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.policy.ClauseReference;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.tracking.MessageTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the intake route: validate the message against its profile, check who may
 * send it to whom, and record it as accepted. Bean {@code intake} in the routes.
 */
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private static final String DESTINATIONS = "gatewayDestinations";
    private static final String RECIPIENT_CLAUSES = "gatewayRecipientClauses";
    // The keyed pseudonym of the youth, never an identifier, so it may travel as a header.
    private static final String SUBJECT_PSEUDONYM = "gatewaySubjectPseudonym";

    private final MessageValidator validator;
    private final Directory directory;
    private final MouRepository mous;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final Clock clock;
    private final GatewayProperties.Binding window;

    public Intake(MessageValidator validator, Directory directory, MouRepository mous, MessageTracker tracker,
            Ledger ledger, Clock clock, GatewayProperties.Binding window) {
        this.window = window;
        this.validator = validator;
        this.directory = directory;
        this.mous = mous;
        this.tracker = tracker;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Validates the body against the profile of its exchange type and sets the message headers. */
    public void validate(Exchange exchange) {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        MediaFormat format = MediaFormat.valueOf(in.getHeader(Headers.CONTENT_FORMAT, String.class));

        ParsedMessage message = validator.validate(body, format);
        checkTimestamp(message);

        in.setHeader(Headers.MESSAGE_ID, message.messageId());
        in.setHeader(Headers.EXCHANGE_TYPE, message.exchangeType());
        in.setHeader(Headers.SENDER_AGENCY, message.senderAgency());
        in.setHeader(Headers.PAYLOAD_DIGEST, PayloadDigest.of(body.getBytes(StandardCharsets.UTF_8)));
        in.setHeader(SUBJECT_PSEUDONYM, ledger.subjectOf(message.bundle()));
        exchange.setProperty(DESTINATIONS, message.destinationEndpoints());
    }

    /**
     * Checks that the authenticated agency is the MessageHeader sender, resolves every
     * destination through the directory and finds a covering MOU clause for each recipient.
     * Deny by default: one recipient without a clause stops the whole message, and the
     * ledger records the denial.
     */
    public void authorize(Exchange exchange) {
        Message in = exchange.getMessage();
        String caller = in.getHeader(Headers.CALLER, String.class);
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String senderId = in.getHeader(Headers.SENDER_AGENCY, String.class);
        @SuppressWarnings("unchecked")
        List<String> destinations = exchange.getProperty(DESTINATIONS, List.class);

        try {
            Agency sender = checkSender(caller, senderId, messageId);
            Map<Agency, ClauseReference> recipients = coveredRecipients(sender, destinations, type, messageId);

            in.setHeader(Headers.RECIPIENTS, recipients.keySet().stream().map(Agency::id).collect(Collectors.joining(",")));
            in.setHeader(Headers.MOU_CLAUSE, recipients.values().stream().map(Object::toString).distinct()
                    .collect(Collectors.joining(",")));
            exchange.setProperty(RECIPIENT_CLAUSES, recipients);
        } catch (GatewayException e) {
            ledger.append(LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY)
                    .withMessage(messageId, type)
                    .withAgencies(senderId, null)
                    .withReason(e.code().name())
                    .withDigest(in.getHeader(Headers.PAYLOAD_DIGEST, String.class))
                    .withSubject(in.getHeader(SUBJECT_PSEUDONYM, String.class))
                    .withActor(caller));
            log.info("intake denied messageId={} type={} sender={} reason={}", messageId, type, senderId, e.code());
            throw e;
        }
    }

    /** Records the message as accepted for each recipient and in the ledger. */
    public void record(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        String digest = in.getHeader(Headers.PAYLOAD_DIGEST, String.class);
        @SuppressWarnings("unchecked")
        Map<Agency, ClauseReference> recipients = exchange.getProperty(RECIPIENT_CLAUSES, Map.class);

        tracker.accept(messageId, type, sender, digest, new ArrayList<>(recipients.keySet()));

        for (Map.Entry<Agency, ClauseReference> recipient : recipients.entrySet()) {
            ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT)
                    .withMessage(messageId, type)
                    .withAgencies(sender, recipient.getKey().id())
                    .withMouClause(recipient.getValue().toString())
                    .withDigest(digest)
                    .withSubject(in.getHeader(SUBJECT_PSEUDONYM, String.class))
                    .withActor(in.getHeader(Headers.CALLER, String.class)));
        }
        log.info("intake accepted messageId={} type={} sender={} recipients={}", messageId, type, sender,
                in.getHeader(Headers.RECIPIENTS));
    }

    /**
     * Rejects a message whose {@code Bundle.timestamp} partner gateways would refuse as outside
     * their window, so the agency learns it now rather than from a failed delivery later.
     */
    private void checkTimestamp(ParsedMessage message) {
        Instant now = clock.instant();
        Instant timestamp = message.bundle().getTimestamp().toInstant();
        if (timestamp.isAfter(now.plus(window.getClockSkew()))) {
            throw new GatewayException(ErrorCode.STALE_MESSAGE, "Bundle.timestamp " + timestamp + " of message "
                    + message.messageId() + " is ahead of the gateway's clock " + now + "; set it to the time the message was assembled");
        }
        if (timestamp.isBefore(now.minus(window.getMaxAge()))) {
            throw new GatewayException(ErrorCode.STALE_MESSAGE, "Bundle.timestamp " + timestamp + " of message "
                    + message.messageId() + " is older than gateway.binding.max-age (" + window.getMaxAge()
                    + "); send the content again as a new message with the current time");
        }
    }

    private Agency checkSender(String caller, String senderId, String messageId) {
        if (senderId == null || !senderId.equals(caller)) {
            throw new GatewayException(ErrorCode.SENDER_MISMATCH, "message " + messageId + " names sender " + senderId
                    + " but the client authenticated as " + caller + "; send only as your own agency");
        }
        return directory.agency(senderId).orElseThrow(() -> new GatewayException(ErrorCode.SENDER_MISMATCH,
                "sender " + senderId + " of message " + messageId + " is not an agency of the directory"));
    }

    private Map<Agency, ClauseReference> coveredRecipients(Agency sender, List<String> destinations, String type,
            String messageId) {
        LocalDate today = LocalDate.now(clock);
        Map<Agency, ClauseReference> covered = new LinkedHashMap<>();
        for (String destination : destinations) {
            Agency recipient = directory.resolve(destination);
            ClauseReference clause = mous.findCoveringClause(sender, recipient, type, today)
                    .orElseThrow(() -> new GatewayException(ErrorCode.NO_MOU_CLAUSE, "no clause of an active MOU lets "
                            + sender.id() + " send " + type + " to " + recipient.id() + " (message " + messageId
                            + "); add the exchange to an MOU signed by both agencies"));
            covered.put(recipient, clause);
        }
        return covered;
    }
}
