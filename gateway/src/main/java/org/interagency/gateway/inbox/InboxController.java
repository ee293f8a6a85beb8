package org.interagency.gateway.inbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Instant;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/inbox}: an agency system reads the messages waiting for its own agency and
 * acknowledges each, which sends a signed acknowledgement to the sending gateway.
 */
@RestController
@RequestMapping("/api/v1/inbox")
public class InboxController {

    private static final int MAX_PAGE = 50;

    private final Inbox inbox;
    private final CamelCalls camel;
    private final FhirContext fhir;
    private final JsonMapper json = JsonMapper.builder().build();

    public InboxController(Inbox inbox, CamelCalls camel, FhirContext fhir) {
        this.inbox = inbox;
        this.camel = camel;
        this.fhir = fhir;
    }

    /**
     * Lists waiting messages, oldest first, as a FHIR searchset Bundle whose entries are the
     * message Bundles. {@code _count} caps the page (default 10, at most 50), because each
     * entry is a whole message.
     */
    @GetMapping
    public ResponseEntity<String> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(name = "_count", defaultValue = "10") int count) {
        List<InboxMessage> waiting = inbox.list(caller.id(), Math.max(1, Math.min(count, MAX_PAGE)));

        StringBuilder page = new StringBuilder(1024)
                .append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"timestamp\":")
                .append(json.writeValueAsString(Instant.now().toString()))
                .append(",\"total\":").append(inbox.waiting(caller.id()))
                .append(",\"entry\":[");
        for (int i = 0; i < waiting.size(); i++) {
            InboxMessage message = waiting.get(i);
            page.append(i == 0 ? "" : ",")
                    .append("{\"fullUrl\":").append(json.writeValueAsString("/api/v1/inbox/" + message.messageId()))
                    .append(",\"resource\":").append(asJson(message.content()))
                    .append('}');
        }
        page.append("]}");

        return ResponseEntity.ok()
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(page.toString());
    }

    /**
     * Returns the message as FHIR JSON. A JSON message is embedded as it was signed, without
     * parsing it again: both gateways validated it, and a large message is not copied into a
     * resource model per request. An XML message is converted.
     */
    private String asJson(String content) {
        if (!content.stripLeading().startsWith("<")) {
            return content;
        }
        IParser xml = fhir.newXmlParser();
        // Keep the entries' own ids (the MessageHeader id is the message id) rather than
        // HAPI's default of replacing them with the entry fullUrl.
        xml.setOverrideResourceIdWithBundleEntryFullUrl(false);
        return fhir.newJsonParser().encodeResourceToString(xml.parseResource(Bundle.class, content));
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
