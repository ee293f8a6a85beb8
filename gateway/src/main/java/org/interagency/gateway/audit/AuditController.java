package org.interagency.gateway.audit;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.ledger.LedgerVerifier;
import org.interagency.gateway.ledger.SubjectPseudonym;
import org.interagency.gateway.ledger.VerificationReport;
import org.interagency.gateway.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/audit}: the compliance officer's view of this gateway's ledger. Only callers
 * with the compliance-officer role reach it (security/SecurityConfiguration). Every use is
 * itself a ledger entry, AUDIT_VIEWED or AUDIT_EXPORTED, naming the officer.
 */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final LedgerVerifier verifier;
    private final SubjectPseudonym pseudonym;
    private final FhirContext fhir;
    private final CheckpointStore checkpoints;

    public AuditController(JdbcClient jdbc, Ledger ledger, LedgerVerifier verifier, SubjectPseudonym pseudonym,
            FhirContext fhir, CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.verifier = verifier;
        this.pseudonym = pseudonym;
        this.fhir = fhir;
    }

    /** Lists ledger entries that match the filters, oldest first, a page at a time. */
    @GetMapping
    public Map<String, Object> search(@AuthenticationPrincipal Caller officer,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String agency, @RequestParam(name = "type", required = false) String exchangeType,
            @RequestParam(required = false) String decision, @RequestParam(required = false) String mou,
            @RequestParam(name = "message", required = false) String messageId,
            @RequestParam(name = "_count", defaultValue = "100") int count,
            @RequestParam(name = "_offset", defaultValue = "0") int offset) {
        AuditQuery query = query(from, to, agency, exchangeType, decision, mou, messageId);
        AuditParameters.range("_count", count, 1, 1000);
        AuditParameters.range("_offset", offset, 0, Integer.MAX_VALUE);

        long total = query.count(jdbc);
        List<LedgerEntry> entries = query.page(jdbc, offset, count);

        record(officer, LedgerEvent.AUDIT_VIEWED, "search", AuditParameters.optional(messageId), null);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", total);
        page.put("offset", offset);
        page.put("count", entries.size());
        page.put("entries", entries);
        return page;
    }

    /**
     * Returns the accounting of disclosures for one youth: each message about the youth that
     * this gateway disclosed to, or received for, a recipient agency. The youth is named by
     * identifiers ({@code subject=system|value}, repeatable), which the gateway turns into
     * the pseudonym the ledger holds.
     */
    @GetMapping("/disclosures")
    public Map<String, Object> disclosures(@AuthenticationPrincipal Caller officer,
            @RequestParam(name = "subject", required = false) List<String> identifiers) {
        if (identifiers == null || identifiers.isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "subject is missing; give the youth's identifiers "
                    + "as subject=system|value, once per identifier");
        }
        String subject = pseudonym.of(identifiers);

        List<Disclosure> disclosures = Disclosures.of(jdbc, subject);

        record(officer, LedgerEvent.AUDIT_VIEWED, "disclosures", null, subject);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subjectPseudonym", subject);
        result.put("gateway", ledger.gateway());
        result.put("disclosures", disclosures);
        return result;
    }

    /**
     * Returns the signed checkpoints of {@code county}'s gateway that this gateway witnessed,
     * for that county's officer to check its ledger against ({@code audit verify --witnessed}).
     */
    @GetMapping("/witnessed")
    public WitnessedCopies witnessed(@AuthenticationPrincipal Caller officer, @RequestParam(required = false) String county) {
        if (county == null || county.isBlank()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "county is missing; give the id of the partner "
                    + "county whose checkpoints this gateway witnessed, such as county=alameda");
        }

        WitnessedCopies copies = WitnessedCopies.of(checkpoints, ledger.gateway(), county.trim());

        record(officer, LedgerEvent.AUDIT_EXPORTED, "witnessed-" + county.trim(), null, null);
        return copies;
    }

    /** Verifies the chain and the checkpoints and returns the report, with the first broken entry. */
    @GetMapping("/verify")
    public VerificationReport verify(@AuthenticationPrincipal Caller officer) {
        VerificationReport report = verifier.verify();

        // Appending to a broken ledger would change what the next verify reports, so only
        // the log records a check that found problems.
        if (report.intact()) {
            record(officer, LedgerEvent.AUDIT_VIEWED, "verify", null, null);
        } else {
            log.warn("ledger verify by {} found {} problems, the first at entry {}; not recorded in the broken ledger",
                    officer, report.problems().size(), report.firstProblem().seq());
        }
        return report;
    }

    /** Exports the matching entries as CSV ({@code format=csv}) or as a FHIR Bundle of AuditEvents ({@code format=fhir}). */
    @GetMapping("/export")
    public ResponseEntity<String> export(@AuthenticationPrincipal Caller officer,
            @RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String agency, @RequestParam(name = "type", required = false) String exchangeType,
            @RequestParam(required = false) String decision, @RequestParam(required = false) String mou,
            @RequestParam(name = "message", required = false) String messageId) {
        AuditQuery query = query(from, to, agency, exchangeType, decision, mou, messageId);

        List<LedgerEntry> entries = new ArrayList<>();
        query.forEach(jdbc, entries::add);
        String body = AuditExport.render(fhir, format, entries);

        record(officer, LedgerEvent.AUDIT_EXPORTED, "export-" + format, AuditParameters.optional(messageId), null);
        return ResponseEntity.ok().contentType(format.equals("csv") ? CSV : FHIR_JSON).body(body);
    }

    private static AuditQuery query(String from, String to, String agency, String exchangeType, String decision,
            String mou, String messageId) {
        Instant start = AuditParameters.time("from", from);
        Instant end = AuditParameters.time("to", to);
        return new AuditQuery(start, end, AuditParameters.optional(agency), AuditParameters.optional(exchangeType),
                AuditParameters.decision(decision), AuditParameters.mou(mou), AuditParameters.optional(messageId), null,
                List.of());
    }

    private void record(Caller officer, LedgerEvent event, String use, String messageId, String subject) {
        ledger.append(LedgerRecord.of(event, Decision.PERMIT)
                .withMessage(messageId, null)
                .withReason(use)
                .withSubject(subject)
                .withActor(officer.toString()));
    }
}
