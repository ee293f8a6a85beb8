package org.interagency.gateway.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * Finds the data classes of a resource from its security labels ({@code Resource.meta.security}).
 * HL7 v3 sensitivity codes (v3-ActCode) and the confidentiality codes R and V map to the class
 * names that MOUs use. The project's own codes are class names already. A resource with no
 * sensitivity label takes the classes of its resource type from the configured table.
 * Deny by default: a label the gateway does not know gives the class
 * {@value #UNRECOGNIZED_LABEL} and a type missing from the table gives {@value #UNCLASSIFIED},
 * which no MOU should list.
 */
public final class DataClasses {

    /** Code system of the project's data classes. */
    public static final String SYSTEM = "http://interagency.example.org/fhir/CodeSystem/data-class";
    /** HL7 v3 ActCode, which contains the information sensitivity codes. */
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /** HL7 v3 Confidentiality. */
    public static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    public static final String UNCLASSIFIED = "unclassified";
    public static final String UNRECOGNIZED_LABEL = "unrecognized-label";

    /** v3-ActCode sensitivity codes and the class each maps to. */
    private static final Map<String, String> SENSITIVITY = Map.of(
            "SDV", "sexual-violence",
            "MH", "mental-health",
            "PSY", "mental-health",
            "SEX", "sexual-health",
            "SUD", "substance-use",
            "ETH", "substance-use");

    /** v3-Confidentiality codes that add a class; the others (U, L, M, N) add none. */
    private static final Map<String, String> CONFIDENTIALITY_CLASSES = Map.of("R", "restricted", "V", "very-restricted");

    /** The project's own data class codes. */
    public static final Set<String> PROJECT_CODES = Set.of("identity", "case", "organization", "placement-location",
            "advocate-privileged", "investigative", "missing-report", "safety-plan", "aggregate");

    private final Map<String, List<String>> defaultsByType;

    /** Creates the lookup with the table of default classes per resource type (such as {@code Patient: [identity]}). */
    public DataClasses(Map<String, List<String>> defaultsByType) {
        this.defaultsByType = Map.copyOf(defaultsByType);
    }

    /** Returns the data classes of {@code resource}, never empty. */
    public Set<String> of(Resource resource) {
        Set<String> classes = new LinkedHashSet<>();
        boolean sensitivityLabelled = false;
        for (Coding label : resource.getMeta().getSecurity()) {
            if (CONFIDENTIALITY.equals(label.getSystem())) {
                Optional.ofNullable(CONFIDENTIALITY_CLASSES.get(label.getCode())).ifPresent(classes::add);
                continue;
            }
            classes.add(classOf(label).orElse(UNRECOGNIZED_LABEL));
            sensitivityLabelled = true;
        }
        if (!sensitivityLabelled) {
            classes.addAll(defaultsByType.getOrDefault(resource.fhirType(), List.of(UNCLASSIFIED)));
        }
        return classes;
    }

    /**
     * Returns the class of a sensitivity or project label, as Consent provisions and resource
     * labels use it, or empty for a code the gateway does not know.
     */
    public static Optional<String> classOf(Coding label) {
        if (SYSTEM.equals(label.getSystem()) && PROJECT_CODES.contains(label.getCode())) {
            return Optional.of(label.getCode());
        }
        if (ACT_CODE.equals(label.getSystem())) {
            return Optional.ofNullable(SENSITIVITY.get(label.getCode()));
        }
        if (CONFIDENTIALITY.equals(label.getSystem())) {
            return Optional.ofNullable(CONFIDENTIALITY_CLASSES.get(label.getCode()));
        }
        return Optional.empty();
    }

    /** Returns the label that stands for {@code dataClass}: the v3 code where one exists, else the project code. */
    public static Coding label(String dataClass) {
        for (Map.Entry<String, String> code : SENSITIVITY.entrySet()) {
            if (code.getValue().equals(dataClass) && !code.getKey().equals("PSY") && !code.getKey().equals("ETH")) {
                return new Coding(ACT_CODE, code.getKey(), null);
            }
        }
        for (Map.Entry<String, String> code : CONFIDENTIALITY_CLASSES.entrySet()) {
            if (code.getValue().equals(dataClass)) {
                return new Coding(CONFIDENTIALITY, code.getKey(), null);
            }
        }
        return new Coding(SYSTEM, dataClass, null);
    }

    /** Returns every class name a label can map to, for checking MOU and Consent files. */
    public static Set<String> knownClasses() {
        Set<String> known = new LinkedHashSet<>(PROJECT_CODES);
        known.addAll(SENSITIVITY.values());
        known.addAll(CONFIDENTIALITY_CLASSES.values());
        return known;
    }
}
