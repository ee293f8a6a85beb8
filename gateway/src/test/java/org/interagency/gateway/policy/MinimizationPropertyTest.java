package org.interagency.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.fhir.MessageValidationException;
import org.interagency.gateway.fhir.MessageValidator;
import org.interagency.gateway.testing.Messages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks of minimization over seeded random detention notices and random MOU
 * clauses: a minimized Bundle is still valid against its profile, and no entry with a data
 * class outside every covering clause (or inside a never-shared one) ever leaves.
 */
class MinimizationPropertyTest {

    private static final long SEED = 20261204L;
    private static final int RUNS = 80;
    private static final List<String> CLASSES = List.of("identity", "case", "organization", "placement-location",
            "mental-health", "sexual-violence", "sexual-health", "substance-use", "advocate-privileged", "investigative",
            "restricted", "very-restricted");
    private static final List<Coding> EXTRA_LABELS = List.of(new Coding("http://example.org/other", "x", null),
            new Coding(DataClasses.CONFIDENTIALITY, "N", null));

    private static MessageValidator validator;
    private final IParser json = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
    private final DataClasses dataClasses = new PolicyProperties().dataClasses();

    @BeforeAll
    static void validator() {
        validator = new MessageValidator();
    }

    @Test
    void minimizedBundleStaysValidAndWithinClauses() {
        Random random = new Random(SEED);
        int allowed = 0;
        int withheld = 0;

        for (int run = 0; run < RUNS; run++) {
            List<MouClause> clauses = randomClauses(random);
            PolicyEngine engine = new PolicyEngine(new MouRepository(List.of(PolicyFixtures.signedByAll(
                    new Mou("mou-random", 1, "Random (test)", List.of("alameda.juvenile-hall", "contra-costa.probation"),
                            PolicyFixtures.TODAY.minusYears(1), PolicyFixtures.TODAY.plusYears(1), clauses), "sha256:random"))),
                    dataClasses);
            Bundle bundle = randomMessage(random);
            List<Consent> consents = random.nextBoolean() ? List.of(randomConsent(random)) : List.of();

            PolicyDecision decision = engine.decide(new PolicyRequest(PolicyFixtures.agency("alameda.juvenile-hall"),
                    PolicyFixtures.agency("contra-costa.probation"), "detention-notice", "safety-planning", bundle, consents,
                    PolicyFixtures.TODAY));
            if (!decision.allowed()) {
                continue;
            }
            allowed++;
            withheld += decision.withheld().size();

            Bundle minimized = BundleMinimizer.withhold(bundle, decision.withheldUrls());
            PolicyHeader.stamp(minimized, decision.mous(), consents.stream()
                    .filter(c -> decision.consentIds().contains(c.getIdElement().getIdPart())).toList());
            String encoded = json.encodeResourceToString(minimized);
            assertThat(profileErrors(encoded)).as("run %d: profile errors", run).isEmpty();
            assertEveryKeptClassAllowed(minimized, clauses, run);
        }

        assertThat(allowed).as("allowed runs, so the property was exercised").isGreaterThan(RUNS / 5);
        assertThat(withheld).as("withheld entries over all runs").isGreaterThan(RUNS / 5);
    }

    private static List<String> profileErrors(String encoded) {
        try {
            validator.validate(encoded, MediaFormat.JSON);
            return List.of();
        } catch (MessageValidationException e) {
            return e.outcome().getIssue().stream()
                    .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
                    .map(issue -> issue.getLocation() + ": " + issue.getDiagnostics())
                    .toList();
        }
    }

    private void assertEveryKeptClassAllowed(Bundle minimized, List<MouClause> clauses, int run) {
        Set<String> carriedConsents = PolicyHeader.consentUrls(minimized);
        for (Bundle.BundleEntryComponent entry : minimized.getEntry().subList(1, minimized.getEntry().size())) {
            if (carriedConsents.contains(entry.getFullUrl())) {
                continue;
            }
            for (String dataClass : dataClasses.of(entry.getResource())) {
                assertThat(clauses).as("run %d: %s class %s is listed by a permitting clause", run, entry.getFullUrl(), dataClass)
                        .anyMatch(clause -> !clause.consent().neverShared() && clause.lists(dataClass));
                assertThat(clauses).as("run %d: %s class %s is in no never-shared clause", run, entry.getFullUrl(), dataClass)
                        .noneMatch(clause -> clause.consent().neverShared() && clause.lists(dataClass));
            }
        }
    }

    /** Returns one to three clauses covering the test message, with random classes and consent rules. */
    private static List<MouClause> randomClauses(Random random) {
        List<MouClause> clauses = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int rule = random.nextInt(4);
            ConsentRule consent = switch (rule) {
                case 0 -> new ConsentRule(ConsentRule.REQUIRED, null);
                case 1 -> new ConsentRule(ConsentRule.NEVER_SHARED, null);
                default -> PolicyFixtures.notRequired();
            };
            List<String> classes = new ArrayList<>(rule == 1 ? List.of() : List.of("identity", "case"));
            for (String dataClass : CLASSES) {
                if (random.nextInt(3) == 0 && !classes.contains(dataClass)) {
                    classes.add(dataClass);
                }
            }
            if (classes.isEmpty()) {
                classes.add("advocate-privileged");
            }
            clauses.add(PolicyFixtures.clause("clause-" + i, List.of(PolicyFixtures.kind("juvenile-hall", "alameda")),
                    List.of(PolicyFixtures.kind("probation", "contra-costa")), "detention-notice", List.of("safety-planning"),
                    classes, consent));
        }
        return clauses;
    }

    /** Returns the example detention notice with random labels on its entries and up to four labelled extra entries. */
    private Bundle randomMessage(Random random) {
        Bundle bundle = json.parseResource(Bundle.class, Messages.withId("valid.json", Messages.newId()));
        for (Bundle.BundleEntryComponent entry : bundle.getEntry().subList(1, bundle.getEntry().size())) {
            if (random.nextInt(5) == 0) {
                entry.getResource().getMeta().addSecurity(randomLabel(random));
            }
        }
        String youth = bundle.getEntry().stream().filter(e -> e.getResource().fhirType().equals("Patient")).findFirst()
                .orElseThrow().getFullUrl();
        int extras = random.nextInt(5);
        for (int i = 0; i < extras; i++) {
            Resource extra = random.nextBoolean()
                    ? new Observation().setStatus(Observation.ObservationStatus.FINAL)
                            .setCode(new org.hl7.fhir.r4.model.CodeableConcept().setText("Synthetic note " + i))
                            .setSubject(new Reference(youth))
                    : new Flag().setStatus(Flag.FlagStatus.ACTIVE)
                            .setCode(new org.hl7.fhir.r4.model.CodeableConcept().setText("Synthetic flag " + i))
                            .setSubject(new Reference(youth));
            String id = String.format("00000000-0000-4000-8000-%012d", i + 100);
            extra.setId(id);
            if (random.nextInt(3) > 0) {
                extra.getMeta().addSecurity(randomLabel(random));
            }
            bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(extra);
        }
        return bundle;
    }

    private static Coding randomLabel(Random random) {
        int pick = random.nextInt(CLASSES.size() + EXTRA_LABELS.size());
        return pick < CLASSES.size() ? DataClasses.label(CLASSES.get(pick)) : EXTRA_LABELS.get(pick - CLASSES.size()).copy();
    }

    private static Consent randomConsent(Random random) {
        PolicyFixtures.ConsentBuilder consent = new PolicyFixtures.ConsentBuilder("7c0f3e2a-5b1d-4c8e-9f6a-2d4b8e0c1a3f", "alameda.juvenile-hall",
                random.nextInt(4) == 0 ? Consent.ConsentProvisionType.DENY : Consent.ConsentProvisionType.PERMIT);
        for (String dataClass : CLASSES) {
            if (random.nextInt(3) == 0) {
                consent.classes(dataClass);
            }
        }
        return consent.build();
    }
}
