package org.interagency.gateway.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.consent.ConsentProvisions;
import org.interagency.gateway.consent.ConsentStore;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.policy.BundleMinimizer;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.PolicyDecision;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.policy.PolicyRequest;
import org.interagency.gateway.policy.WithheldResource;
import org.interagency.gateway.tracking.MessageTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy step of sealing. The engine decides per recipient agency, and the Bundle of one
 * county's envelope loses every entry withheld from any of its recipients. Its
 * MessageHeader then names the MOU versions and Consents the decisions relied on.
 */
public class PolicySealing {

    private static final Logger log = LoggerFactory.getLogger(PolicySealing.class);

    private final PolicyEngine policy;
    private final ConsentStore consents;
    private final Directory directory;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    /** An accepted message parsed once for all recipient counties. */
    record Message(Bundle bundle, MediaFormat format, Agency sender, String type, String purpose, List<Consent> consents) {
    }

    /** The content of one county's envelope and the decisions behind it. */
    record CountyContent(List<String> recipients, byte[] content, List<MouBinding> mous, List<String> consentIds,
            Map<String, PolicyDecision> decisions, List<WithheldResource> withheld) {
    }

    public PolicySealing(PolicyEngine policy, ConsentStore consents, Directory directory, MessageTracker tracker,
            Ledger ledger, Clock clock) {
        this.policy = policy;
        this.consents = consents;
        this.directory = directory;
        this.tracker = tracker;
        this.ledger = ledger;
        this.clock = clock;
    }

    Message read(byte[] content, String senderId, String type) {
        MediaFormat format = MediaFormat.detect(content);
        Bundle bundle = parser(format).parseResource(Bundle.class, new String(content, StandardCharsets.UTF_8));
        Agency sender = directory.agency(senderId).orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_RECIPIENT,
                "sender " + senderId + " is no longer in the directory"));
        List<Consent> held = consents.activeFor(senderId, PolicyEngine.subjectIdentifiers(bundle));
        return new Message(bundle, format, sender, type, PolicyHeader.purpose(bundle).orElse(null), held);
    }

    /**
     * Decides for each recipient of one county and returns the content of the county's
     * envelope. Recipients the policy now denies are failed and left out.
     */
    CountyContent minimize(Message message, List<String> recipients, String messageId) {
        LocalDate today = LocalDate.now(clock);
        Map<String, PolicyDecision> allowed = new LinkedHashMap<>();
        for (String recipientId : recipients) {
            Agency recipient = directory.agency(recipientId).orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_RECIPIENT,
                    "recipient " + recipientId + " is no longer in the directory"));
            PolicyDecision decision = policy.decide(new PolicyRequest(message.sender(), recipient, message.type(),
                    message.purpose(), message.bundle(), message.consents(), today));
            if (decision.allowed()) {
                allowed.put(recipientId, decision);
            } else {
                deny(message, recipientId, decision, messageId);
            }
        }

        // NOTE: one envelope per county carries one Bundle, so when the recipients of a county
        // lose different entries, each of them gets the Bundle without any of those entries.
        // Separate envelopes per agency would need the replay store and receipts keyed by agency.
        Set<String> withheldUrls = new LinkedHashSet<>();
        List<WithheldResource> withheld = new ArrayList<>();
        Set<MouBinding> mous = new LinkedHashSet<>();
        Set<String> consentIds = new LinkedHashSet<>();
        for (PolicyDecision decision : allowed.values()) {
            decision.withheld().stream().filter(w -> withheldUrls.add(w.fullUrl())).forEach(withheld::add);
            mous.addAll(decision.mous());
            consentIds.addAll(decision.consentIds());
        }

        Bundle minimized = BundleMinimizer.withhold(message.bundle(), withheldUrls);
        List<Consent> carried = message.consents().stream()
                .filter(consent -> consentIds.contains(ConsentProvisions.id(consent))).toList();
        PolicyHeader.stamp(minimized, List.copyOf(mous), carried);
        byte[] content = parser(message.format()).encodeResourceToString(minimized).getBytes(StandardCharsets.UTF_8);
        return new CountyContent(List.copyOf(allowed.keySet()), content, List.copyOf(mous), List.copyOf(consentIds), allowed,
                withheld);
    }

    private void deny(Message message, String recipientId, PolicyDecision decision, String messageId) {
        tracker.failRecipient(messageId, recipientId, decision.reason(), decision.reason().reason());
        ledger.append(LedgerRecord.of(LedgerEvent.DENIED, Decision.DENY)
                .withMessage(messageId, message.type())
                .withAgencies(message.sender().id(), recipientId)
                .withReason(decision.reason().name())
                .withPurpose(message.purpose()));
        log.info("sealing denied messageId={} recipient={} reason={}: {}", messageId, recipientId, decision.reason(),
                decision.explanation());
    }

    private IParser parser(MediaFormat format) {
        IParser parser = format == MediaFormat.XML ? fhir.newXmlParser() : fhir.newJsonParser();
        // Keep each entry's own id; HAPI would otherwise replace it with the entry's fullUrl.
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        return parser;
    }
}
