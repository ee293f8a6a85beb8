package org.interagency.gateway.exchange;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.interagency.gateway.config.GatewayKeys;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the sealing route: apply the policy decision to the message, sign it as the
 * sending agency and encrypt it to each recipient county's gateway, one envelope per county.
 * Bean {@code sealing}.
 */
public class Sealing {

    private static final Logger log = LoggerFactory.getLogger(Sealing.class);

    private final Directory directory;
    private final GatewayKeys keys;
    private final EnvelopeSealer sealer;
    private final MessageTracker tracker;
    private final Ledger ledger;
    private final Clock clock;
    private final PolicySealing policySealing;

    public Sealing(Directory directory, GatewayKeys keys, EnvelopeSealer sealer, MessageTracker tracker, Ledger ledger,
            Clock clock, PolicySealing policySealing) {
        this.clock = clock;
        this.policySealing = policySealing;
        this.directory = directory;
        this.keys = keys;
        this.sealer = sealer;
        this.tracker = tracker;
        this.ledger = ledger;
    }

    /**
     * Decides again per recipient with the policy engine, minimizes the Bundle, writes the MOU
     * versions and Consents into its MessageHeader, and seals it once per recipient county. A
     * recipient the policy now denies (a Consent revoked since intake) fails with the reason.
     */
    public List<SealedEnvelope> sealPerCounty(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        byte[] content = in.getBody(String.class).getBytes(StandardCharsets.UTF_8);
        PolicySealing.Message message = policySealing.read(content, sender, type);

        List<SealedEnvelope> envelopes = new ArrayList<>();
        for (Map.Entry<String, List<String>> county : recipientsByCounty(in).entrySet()) {
            County recipientCounty = directory.county(county.getKey()).orElseThrow(() -> new GatewayException(
                    ErrorCode.UNKNOWN_RECIPIENT, "county " + county.getKey() + " of message " + messageId
                            + " is no longer in the directory"));
            PolicySealing.CountyContent minimized = policySealing.minimize(message, county.getValue(), messageId);
            if (minimized.recipients().isEmpty()) {
                continue;
            }

            byte[] envelope = sealer.seal(minimized.content(), keys.agencySigning(sender),
                    recipientCounty.validEncryptionCertificates(clock.instant()));
            envelopes.add(new SealedEnvelope(recipientCounty.id(), minimized.recipients(), envelope, minimized.mous(),
                    minimized.consentIds()));
            tracker.archiveEnvelope(messageId, recipientCounty.id(), envelope);

            for (String recipient : minimized.recipients()) {
                ledger.append(LedgerRecord.of(LedgerEvent.SEALED, Decision.PERMIT)
                        .withMessage(messageId, type)
                        .withAgencies(sender, recipient)
                        .withMouClause(minimized.decisions().get(recipient).clauseList())
                        .withDigest(PayloadDigest.of(envelope)));
            }
            tracker.advance(messageId, recipientCounty.id(), DeliveryState.SEALED, null, null);
            log.info("sealed messageId={} type={} sender={} county={} bytes={} withheld={}", messageId, type, sender,
                    recipientCounty.id(), envelope.length, minimized.withheld());
        }
        return envelopes;
    }

    /** Turns one sealed envelope into the outbound queue message: bytes as body, routing in headers. */
    public void prepareOutbound(Exchange exchange) {
        Message in = exchange.getMessage();
        SealedEnvelope envelope = in.getBody(SealedEnvelope.class);
        in.setHeader(Headers.RECIPIENT_COUNTY, envelope.county());
        in.setHeader(Headers.RECIPIENTS, envelope.recipientList());
        in.setHeader(Headers.ENVELOPE_DIGEST, PayloadDigest.of(envelope.envelope()));
        in.setHeader(Headers.MOU_BINDINGS, envelope.mous().stream().map(Object::toString).collect(Collectors.joining(",")));
        in.setHeader(Headers.CONSENT_IDS, String.join(",", envelope.consentIds()));
        in.setBody(envelope.envelope());
    }

    /**
     * Marks every recipient of a message that could not be sealed as failed. Sealing fails only
     * for reasons a retry cannot heal (a missing key or county), so the route parks the message
     * in the dead-letter queue at once.
     */
    public void markFailed(Exchange exchange) {
        Message in = exchange.getMessage();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ErrorCode code = cause instanceof GatewayException gateway ? gateway.code() : ErrorCode.INTERNAL;
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        in.setHeader(Headers.FAILURE_CODE, code.name());

        for (String recipient : in.getHeader(Headers.RECIPIENTS, String.class).split(",")) {
            ledger.append(LedgerRecord.of(LedgerEvent.DELIVERY_FAILED, Decision.ERROR)
                    .withMessage(messageId, in.getHeader(Headers.EXCHANGE_TYPE, String.class))
                    .withAgencies(in.getHeader(Headers.SENDER_AGENCY, String.class), recipient)
                    .withReason(code.name()));
            directory.agency(recipient).ifPresent(agency ->
                    tracker.advance(messageId, agency.county(), DeliveryState.FAILED, code, code.reason()));
        }
        log.error("sealing failed messageId={} code={}: {}; the message is in gateway.seal.dead", messageId, code,
                cause == null ? "" : cause.getMessage());
    }

    private Map<String, List<String>> recipientsByCounty(Message in) {
        Map<String, List<String>> byCounty = new TreeMap<>();
        for (String agencyId : Arrays.asList(in.getHeader(Headers.RECIPIENTS, String.class).split(","))) {
            Agency agency = directory.agency(agencyId).orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_RECIPIENT,
                    "recipient " + agencyId + " is no longer in the directory"));
            byCounty.computeIfAbsent(agency.county(), county -> new ArrayList<>()).add(agencyId);
        }
        return byCounty;
    }
}
