package org.interagency.gateway.consent;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.ledger.PayloadDigest;

/**
 * The digest a message carries for each Consent it relies on: SHA-256 of the Consent's
 * compact FHIR JSON with {@code id} and {@code meta} removed, because a Bundle entry's id is
 * rewritten by parsers and meta contains no consent terms. Both gateways compute it with the same
 * HAPI FHIR version.
 */
public final class ConsentDigest {

    private ConsentDigest() {
    }

    /** Returns {@code sha256:<hex>} of the consent's terms. */
    public static String of(Consent consent) {
        Consent terms = consent.copy();
        terms.setId((String) null);
        terms.setMeta(null);
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(terms);
        return PayloadDigest.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
