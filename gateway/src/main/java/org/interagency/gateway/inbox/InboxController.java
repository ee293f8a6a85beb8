package org.interagency.gateway.inbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.interagency.gateway.api.CamelCalls;
import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/inbox}: an agency system reads the messages waiting for its own agency and
 * acknowledges each, which sends a signed acknowledgement to the sending gateway.
 */
@RestController
@RequestMapping("/api/v1/inbox")
public class InboxController {

    private static final int MAX_PAGE = 100;

    private final Inbox inbox;
    private final CamelCalls camel;
    private final FhirContext fhir;

    public InboxController(Inbox inbox, CamelCalls camel, FhirContext fhir) {
        this.inbox = inbox;
        this.camel = camel;
        this.fhir = fhir;
    }

    /**
     * Lists waiting messages, oldest first, as a FHIR searchset Bundle whose entries are the
     * message Bundles. {@code _count} caps the page (at most 100).
     */
    @GetMapping
    public ResponseEntity<String> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(name = "_count", defaultValue = "20") int count) {
        List<InboxMessage> waiting = inbox.list(caller.id(), Math.max(1, Math.min(count, MAX_PAGE)));

        Bundle page = new Bundle();
        page.setType(Bundle.BundleType.SEARCHSET);
        page.setTimestamp(new Date());
        page.setTotal(inbox.waiting(caller.id()));
        for (InboxMessage message : waiting) {
            IParser parser = message.content().stripLeading().startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser();
            // Keep the entries' own ids (the MessageHeader id is the message id) rather than
            // HAPI's default of replacing them with the entry fullUrl.
            parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
            page.addEntry()
                    .setFullUrl("/api/v1/inbox/" + message.messageId())
                    .setResource(parser.parseResource(Bundle.class, message.content()));
        }
        return ResponseEntity.ok()
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(page));
    }

    /** Returns one waiting message exactly as the sender signed it, in its original encoding. */
    @GetMapping("/{id}")
    public ResponseEntity<String> get(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        InboxMessage message = inbox.get(caller.id(), id).orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND,
                "message " + id + " is not waiting in the inbox of " + caller.id()));
        MediaType type = message.content().stripLeading().startsWith("<")
                ? MediaType.parseMediaType("application/fhir+xml")
                : OperationOutcomes.FHIR_JSON;
        return ResponseEntity.ok()
                .contentType(type)
                .header("X-Sender-Agency", message.senderAgency())
                .header("X-Exchange-Type", message.exchangeType())
                .body(message.content());
    }

    /** Acknowledges one message: it leaves the inbox and the sending gateway gets a signed receipt. */
    @PostMapping("/{id}/ack")
    public ResponseEntity<String> acknowledge(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        if (!Inbox.isMessageId(id)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "'" + id + "' is not a message id");
        }
        camel.call("direct:inbox-ack", null, Map.of(Headers.CALLER, caller.id(), Headers.MESSAGE_ID, id));

        OperationOutcome done = new OperationOutcome();
        done.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("message " + id + " acknowledged by " + caller.id());
        return ResponseEntity.ok()
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(done));
    }
}
