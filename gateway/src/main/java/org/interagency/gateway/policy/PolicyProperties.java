package org.interagency.gateway.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the policy engine, under {@code gateway.policy.*}. */
@ConfigurationProperties("gateway.policy")
public class PolicyProperties {

    /**
     * Data classes of a resource that carries no sensitivity label, by FHIR resource type. A
     * county's gateway.yml adds or replaces entries; a type not listed is {@code unclassified}
     * and no MOU lets it flow.
     */
    private Map<String, List<String>> defaultClasses = new LinkedHashMap<>(Map.ofEntries(
            Map.entry("Patient", List.of("identity")),
            Map.entry("RelatedPerson", List.of("identity")),
            Map.entry("Encounter", List.of("case")),
            Map.entry("EpisodeOfCare", List.of("case")),
            Map.entry("Observation", List.of("case")),
            Map.entry("Condition", List.of("case")),
            Map.entry("ServiceRequest", List.of("case")),
            Map.entry("Communication", List.of("case")),
            Map.entry("DocumentReference", List.of("case")),
            Map.entry("Organization", List.of("organization")),
            Map.entry("Practitioner", List.of("organization")),
            Map.entry("PractitionerRole", List.of("organization")),
            Map.entry("Location", List.of("placement-location")),
            Map.entry("Flag", List.of("missing-report")),
            Map.entry("CarePlan", List.of("safety-plan")),
            Map.entry("MeasureReport", List.of("aggregate"))));

    public Map<String, List<String>> getDefaultClasses() {
        return defaultClasses;
    }

    public void setDefaultClasses(Map<String, List<String>> defaultClasses) {
        this.defaultClasses = defaultClasses;
    }

    /** Returns the lookup of data classes built from these settings. */
    public DataClasses dataClasses() {
        return new DataClasses(defaultClasses);
    }
}
