package org.interagency.gateway.api;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.interagency.gateway.error.ErrorCategory;
import org.interagency.gateway.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Turns errors into FHIR OperationOutcomes. Every issue carries the gateway's error code and a
 * correlation id that our log repeats. Callers see the detail of their own mistakes, because
 * it names only ids and settings they sent. For peer and gateway faults they see the generic
 * reason, and the detail stays in our log under the correlation id.
 */
public class OperationOutcomes {

    /** Code system of the gateway's error codes, as written in OperationOutcome.issue.details. */
    public static final String ERROR_CODES = "http://interagency.example.org/fhir/CodeSystem/gateway-error";

    /** FHIR JSON media type. */
    public static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private static final Logger log = LoggerFactory.getLogger(OperationOutcomes.class);

    private final FhirContext fhir;

    public OperationOutcomes(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Builds the response for {@code code} with {@code detail}, logging the detail under a correlation id. */
    public ResponseEntity<String> answer(ErrorCode code, String detail) {
        return answer(code, detail, new OperationOutcome());
    }

    /** Builds the response for {@code code}, adding one issue to the issues {@code outcome} already lists. */
    public ResponseEntity<String> answer(ErrorCode code, String detail, OperationOutcome outcome) {
        String correlationId = UUID.randomUUID().toString();
        if (code.category() == ErrorCategory.CALLER) {
            log.info("request rejected code={} correlationId={}: {}", code, correlationId, detail);
        } else {
            log.warn("request failed code={} correlationId={}: {}", code, correlationId, detail);
        }

        // The versions of a signed MOU are no secret to its parties, and the sending gateway needs
        // the one this gateway has to correct its copy, so that detail goes to the peer too.
        boolean showDetail = code.category() == ErrorCategory.CALLER || code == ErrorCode.MOU_VERSION_MISMATCH;
        String shown = showDetail ? detail : code.reason();
        outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(issueType(code))
                .setDetails(new CodeableConcept(new Coding(ERROR_CODES, code.name(), code.reason())))
                .setDiagnostics(shown + " (correlation id " + correlationId + ")"));
        return ResponseEntity.status(code.httpStatus())
                .contentType(FHIR_JSON)
                .body(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(outcome));
    }

    /** Writes the response for {@code code} straight to a servlet response, for filters. */
    public void write(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        ResponseEntity<String> answer = answer(code, detail);
        response.setStatus(answer.getStatusCode().value());
        response.setContentType(FHIR_JSON.toString());
        response.getOutputStream().write(answer.getBody().getBytes(StandardCharsets.UTF_8));
    }

    private static OperationOutcome.IssueType issueType(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED, TOKEN_INVALID -> OperationOutcome.IssueType.LOGIN;
            case FORBIDDEN, SENDER_MISMATCH, NO_MOU_CLAUSE, SENDER_COUNTY_MISMATCH -> OperationOutcome.IssueType.FORBIDDEN;
            case NOT_FOUND, UNKNOWN_RECIPIENT -> OperationOutcome.IssueType.NOTFOUND;
            case DUPLICATE_MESSAGE, REPLAYED_MESSAGE -> OperationOutcome.IssueType.DUPLICATE;
            case BODY_TOO_LARGE -> OperationOutcome.IssueType.TOOCOSTLY;
            case UNSUPPORTED_MEDIA_TYPE, NOT_A_BUNDLE, NOT_A_MESSAGE, UNREADABLE_BODY -> OperationOutcome.IssueType.STRUCTURE;
            case PROFILE_VIOLATION, UNKNOWN_EXCHANGE_TYPE -> OperationOutcome.IssueType.INVALID;
            case PEER_UNAVAILABLE -> OperationOutcome.IssueType.TRANSIENT;
            default -> byStatus(code.httpStatus());
        };
    }

    private static OperationOutcome.IssueType byStatus(int status) {
        return switch (status) {
            case 400, 422 -> OperationOutcome.IssueType.INVALID;
            case 401 -> OperationOutcome.IssueType.LOGIN;
            case 403 -> OperationOutcome.IssueType.FORBIDDEN;
            case 404 -> OperationOutcome.IssueType.NOTFOUND;
            case 405, 415 -> OperationOutcome.IssueType.NOTSUPPORTED;
            case 409 -> OperationOutcome.IssueType.CONFLICT;
            case 413 -> OperationOutcome.IssueType.TOOCOSTLY;
            case 503 -> OperationOutcome.IssueType.TRANSIENT;
            default -> HttpStatus.valueOf(status).is4xxClientError()
                    ? OperationOutcome.IssueType.PROCESSING
                    : OperationOutcome.IssueType.EXCEPTION;
        };
    }
}
