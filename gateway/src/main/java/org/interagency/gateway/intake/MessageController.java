package org.interagency.gateway.intake;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.interagency.gateway.api.CamelCalls;
import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.api.RequestBodies;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.security.Caller;
import org.interagency.gateway.tracking.MessageTracker;
import org.interagency.gateway.tracking.OutboundMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/messages}: agency systems submit messages and follow their delivery. */
@RestController
@RequestMapping("/api/v1/messages")
public class MessageController {

    private final CamelCalls camel;
    private final MessageTracker tracker;
    private final GatewayProperties properties;
    private final FhirContext fhir;

    public MessageController(CamelCalls camel, MessageTracker tracker, GatewayProperties properties, FhirContext fhir) {
        this.camel = camel;
        this.tracker = tracker;
        this.properties = properties;
        this.fhir = fhir;
    }

    /**
     * Accepts a FHIR message Bundle, JSON or XML. Responds with 202 once the message is validated,
     * allowed by an MOU and stored in the persistent sealing queue; delivery goes on after.
     */
    @PostMapping
    public ResponseEntity<String> submit(HttpServletRequest request, @AuthenticationPrincipal Caller caller) throws IOException {
        MediaFormat format = MediaFormat.fromContentType(request.getContentType());
        byte[] body = RequestBodies.read(request, properties.getIntake().getMaxBodySize());

        Message accepted = camel.call("direct:intake", new String(body, StandardCharsets.UTF_8), Map.of(
                Headers.CALLER, caller.id(),
                Headers.CONTENT_FORMAT, format.name()));
        String messageId = accepted.getHeader(Headers.MESSAGE_ID, String.class);

        String statusUrl = "/api/v1/messages/" + messageId;
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("message " + messageId + " accepted; follow its delivery at " + statusUrl);
        String withheld = accepted.getHeader(Headers.WITHHELD, String.class);
        if (withheld != null) {
            // The agency learns now which entries its MOUs keep from each recipient.
            withheld.lines().forEach(entry -> outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.SUPPRESSED)
                    .setDiagnostics("withheld for " + entry));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create(statusUrl))
                .header("X-Message-Id", messageId)
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(outcome));
    }

    /** Returns the delivery state of one message per recipient, for the agency that sent it. */
    @GetMapping("/{id}")
    public MessageStatusView status(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        OutboundMessage message = tracker.find(id)
                .filter(found -> found.senderAgency().equals(caller.id()))
                .orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "message " + id + " was not sent by "
                        + caller.id() + " through this gateway"));
        return MessageStatusView.of(message);
    }
}
