package org.interagency.gateway.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/**
 * Removes withheld entries from a message Bundle. A reference from a kept resource to a
 * removed one keeps only a display text, so the kept resource stays valid (FHIR ref-1 allows
 * a display-only Reference) and no link points at a resource that is not there.
 */
public final class BundleMinimizer {

    /** Display text of a reference to a withheld resource. */
    public static final String WITHHELD_DISPLAY = "Withheld under the MOU that governs this message";

    private BundleMinimizer() {
    }

    /** Returns a copy of {@code bundle} without the entries whose fullUrl is in {@code withheld}. */
    public static Bundle withhold(Bundle bundle, Set<String> withheld) {
        Bundle copy = bundle.copy();
        if (withheld.isEmpty()) {
            return copy;
        }
        copy.getEntry().removeIf(entry -> entry.getFullUrl() != null && withheld.contains(entry.getFullUrl()));

        FhirTerser terser = FhirContext.forR4Cached().newTerser();
        for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                if (reference.getReference() != null && withheld.contains(reference.getReference())) {
                    reference.setReference(null);
                    reference.setDisplay(WITHHELD_DISPLAY);
                }
            }
        }
        return copy;
    }
}
