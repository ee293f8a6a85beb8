package org.interagency.gateway.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
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
import org.interagency.gateway.consent.ConsentStore;
import org.interagency.gateway.policy.PolicyDecision;
import org.interagency.gateway.policy.PolicyDeniedException;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.policy.PolicyRequest;
import org.interagency.gateway.tracking.MessageTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the intake route: validate the message against its profile, decide per
 * recipient with the policy engine, and record it as accepted. Bean {@code intake} in the routes.
 */
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    /** Reason code of an ACCEPTED ledger row whose recipient gets the message without some entries. */
    static final String WITHHELD = "RESOURCES_WITHHELD";

    private static final String DESTINATIONS = "gatewayDestinations";
    private static final String BUNDLE = "gatewayBundle";
    private static final String RECIPIENT_DECISIONS = "gatewayRecipientDecisions";
    // The keyed pseudonym of the youth, never an identifier, so it may travel as a header.
    private static final String SUBJECT_PSEUDONYM = "gatewaySubjectPseudonym";

    private final MessageValidator validator;
    private final Directory directory;
    private final PolicyEngine policy;
    private final ConsentStore consents;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final Clock clock;
    private final GatewayProperties.Binding window;

    public Intake(MessageValidator validator, Directory directory, PolicyEngine policy, ConsentStore consents,
            MessageTracker tracker, Ledger ledger, Clock clock, GatewayProperties.Binding window) {
        this.window = window;
        this.validator = validator;
        this.directory = directory;
        this.policy = policy;
        this.consents = consents;
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
        exchange.setProperty(BUNDLE, message.bundle());
    }

    /**
     * Checks that the authenticated agency is the MessageHeader sender, resolves every
     * destination through the directory and runs the policy engine for each recipient.
     * Deny by default: one recipient the policy denies stops the whole message, and the ledger
     * records the denial with its reason.
     */
    public void authorize(Exchange exchange) {
        Message in = exchange.getMessage();
        String caller = in.getHeader(Headers.CALLER, String.class);
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String senderId = in.getHeader(Headers.SENDER_AGENCY, String.class);
        @SuppressWarnings("unchecked")
        List<String> destinations = exchange.getProperty(DESTINATIONS, List.class);
        Bundle bundle = exchange.getProperty(BUNDLE, Bundle.class);

        Map<Agency, PolicyDecision> decisions;
        try {
            Agency sender = checkSender(caller, senderId, messageId);
            decisions = decide(sender, destinations, type, bundle);
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

        Optional<Map.Entry<Agency, PolicyDecision>> denied = decisions.entrySet().stream()
                .filter(decision -> !decision.getValue().allowed()).findFirst();
        if (denied.isPresent()) {
            recordDenials(in, decisions);
            PolicyDecision decision = denied.get().getValue();
            throw new PolicyDeniedException(decision.reason(), "message " + messageId + " to "
                    + denied.get().getKey().id() + ": " + decision.explanation());
        }
        in.setHeader(Headers.RECIPIENTS, decisions.keySet().stream().map(Agency::id).collect(Collectors.joining(",")));
        in.setHeader(Headers.MOU_CLAUSE, decisions.values().stream().map(PolicyDecision::clauseList).distinct()
                .collect(Collectors.joining(",")));
        exchange.setProperty(RECIPIENT_DECISIONS, decisions);
    }

    /** Records the message as accepted for each recipient and in the ledger, with the policy decision. */
    public void record(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        String digest = in.getHeader(Headers.PAYLOAD_DIGEST, String.class);
        @SuppressWarnings("unchecked")
        Map<Agency, PolicyDecision> decisions = exchange.getProperty(RECIPIENT_DECISIONS, Map.class);
        String purpose = PolicyHeader.purpose(exchange.getProperty(BUNDLE, Bundle.class)).orElse(null);

        tracker.accept(messageId, type, sender, digest, new ArrayList<>(decisions.keySet()));

        for (Map.Entry<Agency, PolicyDecision> recipient : decisions.entrySet()) {
            PolicyDecision decision = recipient.getValue();
            ledger.append(LedgerRecord.of(LedgerEvent.ACCEPTED, Decision.PERMIT)
                    .withMessage(messageId, type)
                    .withAgencies(sender, recipient.getKey().id())
                    .withMouClause(decision.clauseList())
                    .withConsents(decision.consentIds().isEmpty() ? null : String.join(",", decision.consentIds()))
                    .withPurpose(purpose)
                    .withReason(decision.withheld().isEmpty() ? null : WITHHELD)
                    .withDigest(digest)
                    .withSubject(in.getHeader(SUBJECT_PSEUDONYM, String.class))
                    .withActor(in.getHeader(Headers.CALLER, String.class)));
            if (!decision.withheld().isEmpty()) {
                log.info("intake withholds messageId={} recipient={} entries={}", messageId, recipient.getKey().id(),
                        decision.withheld());
            }
        }
        String withheld = decisions.entrySet().stream()
                .flatMap(recipient -> recipient.getValue().withheld().stream().map(entry -> recipient.getKey().id() + ": " + entry))
                .collect(Collectors.joining("\n"));
        if (!withheld.isEmpty()) {
            in.setHeader(Headers.WITHHELD, withheld);
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

    private Map<Agency, PolicyDecision> decide(Agency sender, List<String> destinations, String type, Bundle bundle) {
        LocalDate today = LocalDate.now(clock);
        String purpose = PolicyHeader.purpose(bundle).orElse(null);
        List<Consent> held = consents.activeFor(sender.id(), PolicyEngine.subjectIdentifiers(bundle));

        Map<Agency, PolicyDecision> decisions = new LinkedHashMap<>();
        for (String destination : destinations) {
            Agency recipient = directory.resolve(destination);
            decisions.put(recipient, policy.decide(new PolicyRequest(sender, recipient, type, purpose, bundle, held, today)));
        }
        return decisions;
    }

    private void recordDenials(Message in, Map<Agency, PolicyDecision> decisions) {
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        for (Map.Entry<Agency, PolicyDecision> recipient : decisions.entrySet()) {
            PolicyDecision decision = recipient.getValue();
            if (decision.allowed()) {
                continue;
            }
            ledger.append(LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY)
                    .withMessage(messageId, type)
                    .withAgencies(sender, recipient.getKey().id())
                    .withReason(decision.reason().name())
                    .withMouClause(decision.clauseList().isEmpty() ? null : decision.clauseList())
                    .withPurpose(PolicyHeader.purpose(in.getExchange().getProperty(BUNDLE, Bundle.class)).orElse(null))
                    .withDigest(in.getHeader(Headers.PAYLOAD_DIGEST, String.class))
                    .withActor(in.getHeader(Headers.CALLER, String.class)));
            log.info("intake denied messageId={} type={} sender={} recipient={} reason={}: {}", messageId, type, sender,
                    recipient.getKey().id(), decision.reason(), decision.explanation());
        }
    }
}
