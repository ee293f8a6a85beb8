package org.interagency.gateway.admin;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import ca.uhn.fhir.context.FhirContext;
import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin}: a gateway administrator inspects, resends and discards dead letters
 * and reads the effective settings. No call returns a payload, and every call is a ledger
 * entry naming the administrator.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final DeadLetters deadLetters;
    private final Ledger ledger;
    private final ConfigurableEnvironment environment;
    private final FhirContext fhir;

    public AdminController(DeadLetters deadLetters, Ledger ledger, ConfigurableEnvironment environment, FhirContext fhir) {
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.environment = environment;
        this.fhir = fhir;
    }

    /** Lists the messages of every dead-letter queue by their headers. */
    @GetMapping("/dead-letters")
    public Map<String, List<DeadLetter>> listDeadLetters(@AuthenticationPrincipal Caller caller) {
        List<DeadLetter> waiting = deadLetters.list();

        ledger.append(LedgerRecord.of(LedgerEvent.DEAD_LETTERS_VIEWED, Decision.PERMIT).withActor(caller.toString()));
        return Map.of("deadLetters", waiting);
    }

    /** Moves one dead letter back to the queue it failed from. */
    @PostMapping("/dead-letters/{queue}/{id}/resend")
    public ResponseEntity<String> resend(@PathVariable String queue, @PathVariable String id, @AuthenticationPrincipal Caller caller) {
        DeadLetter moved = deadLetters.resend(queue, id);

        record(LedgerEvent.DEAD_LETTER_RESENT, moved, caller);
        return done("dead letter " + id + " of message " + moved.messageId() + " moved from " + queue + " back to "
                + DeadLetters.ORIGINS.get(queue));
    }

    /** Removes one dead letter for good. */
    @DeleteMapping("/dead-letters/{queue}/{id}")
    public ResponseEntity<String> discard(@PathVariable String queue, @PathVariable String id, @AuthenticationPrincipal Caller caller) {
        DeadLetter removed = deadLetters.discard(queue, id);

        record(LedgerEvent.DEAD_LETTER_DISCARDED, removed, caller);
        return done("dead letter " + id + " of message " + removed.messageId() + " removed from " + queue);
    }

    /** Returns the settings this gateway runs with, secrets masked. */
    @GetMapping("/settings")
    public Map<String, Map<String, String>> settings(@AuthenticationPrincipal Caller caller) {
        Map<String, String> settings = EffectiveSettings.of(environment);

        ledger.append(LedgerRecord.of(LedgerEvent.SETTINGS_VIEWED, Decision.PERMIT).withActor(caller.toString()));
        return Map.of("settings", settings);
    }

    /** Appends one ledger row per recipient, as the delivery steps do, so the message's history stays complete. */
    private void record(LedgerEvent event, DeadLetter letter, Caller caller) {
        String[] recipients = letter.recipients() == null ? new String[] {null} : letter.recipients().split(",");
        for (String recipient : recipients) {
            ledger.append(LedgerRecord.of(event, Decision.PERMIT)
                    .withMessage(letter.messageId(), letter.exchangeType())
                    .withAgencies(letter.senderAgency(), recipient)
                    .withReason(letter.reasonCode())
                    .withActor(caller.toString()));
        }
        log.info("admin {} {} dead letter {} of message {} in {}", caller, event, letter.id(), letter.messageId(), letter.queue());
    }

    private ResponseEntity<String> done(String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(text);
        return ResponseEntity.ok()
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(outcome));
    }
}
