package org.interagency.gateway.consent;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.api.RequestBodies;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/consents}: the agency that obtained a youth's consent records it, and only
 * that agency revokes it. A revocation stops every message not yet delivered that relies on it.
 */
@RestController
@RequestMapping("/api/v1/consents")
public class ConsentController {

    private static final Logger log = LoggerFactory.getLogger(ConsentController.class);

    private final ConsentStore store;
    private final Directory directory;
    private final Ledger ledger;
    private final GatewayProperties properties;
    private final FhirContext fhir;

    public ConsentController(ConsentStore store, Directory directory, Ledger ledger, GatewayProperties properties,
            FhirContext fhir) {
        this.store = store;
        this.directory = directory;
        this.ledger = ledger;
        this.properties = properties;
        this.fhir = fhir;
    }

    /** Records a FHIR Consent (JSON or XML) and responds 201 with the stored Consent and its new id. */
    @PostMapping
    public ResponseEntity<String> record(HttpServletRequest request, @AuthenticationPrincipal Caller caller) throws IOException {
        MediaFormat format = MediaFormat.fromContentType(request.getContentType());
        byte[] body = RequestBodies.read(request, properties.getIntake().getMaxBodySize());
        Consent consent = parse(new String(body, StandardCharsets.UTF_8), format);

        ConsentChecks.check(consent, caller.id(), directory);
        String id = store.record(consent, caller.id());

        ledger.append(LedgerRecord.of(LedgerEvent.CONSENT_RECORDED, Decision.PERMIT).withAgencies(caller.id(), null)
                .withConsents(id).withActor(caller.toString()));
        log.info("consent recorded consentId={} agency={}", id, caller.id());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/consents/" + id))
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(consent));
    }

    /** Revokes a Consent of the caller's agency and responds 200 with the Consent, now inactive. */
    @PostMapping("/{id}/revoke")
    public ResponseEntity<String> revoke(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        ConsentStore.StoredConsent stored = store.find(id).orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND,
                "Consent " + id + " is not recorded at this gateway"));
        if (!stored.agency().equals(caller.id())) {
            throw new GatewayException(ErrorCode.CONSENT_NOT_OWNED, "Consent " + id + " was obtained by " + stored.agency()
                    + ", not by " + caller.id() + "; ask that agency to revoke it");
        }
        if (stored.consent().getStatus() != Consent.ConsentState.ACTIVE) {
            throw new GatewayException(ErrorCode.CONSENT_ALREADY_REVOKED, "Consent " + id + " was already revoked");
        }

        Consent revoked = store.revoke(id);

        ledger.append(LedgerRecord.of(LedgerEvent.CONSENT_REVOKED, Decision.DENY).withAgencies(caller.id(), null)
                .withConsents(id).withActor(caller.toString()));
        log.info("consent revoked consentId={} agency={}", id, caller.id());
        return ResponseEntity.ok()
                .contentType(OperationOutcomes.FHIR_JSON)
                .body(fhir.newJsonParser().encodeResourceToString(revoked));
    }

    private Consent parse(String body, MediaFormat format) {
        IBaseResource resource;
        try {
            resource = (format == MediaFormat.XML ? fhir.newXmlParser() : fhir.newJsonParser()).parseResource(body);
        } catch (DataFormatException e) {
            throw new GatewayException(ErrorCode.INVALID_CONSENT, "the body could not be parsed as a FHIR " + format
                    + " resource; send one Consent resource");
        }
        if (!(resource instanceof Consent consent)) {
            throw new GatewayException(ErrorCode.INVALID_CONSENT, "the body is a " + fhir.getResourceType(resource)
                    + ", not a Consent");
        }
        return consent;
    }
}
