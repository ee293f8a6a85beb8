package org.interagency.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.interagency.gateway.policy.PolicyFixtures.TODAY;
import static org.interagency.gateway.policy.PolicyFixtures.agency;
import static org.interagency.gateway.policy.PolicyFixtures.label;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.policy.PolicyFixtures.ConsentBuilder;
import org.interagency.gateway.policy.PolicyFixtures.MessageBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios from the county protocol, one row each: sender, recipient, exchange type,
 * purpose, the labels and Consents present, and the expected outcome (allowed, allowed with
 * named entries withheld, or denied with the reason code). The MOUs are the demo
 * configuration's three plus the test agreements of {@link PolicyFixtures}.
 */
class PolicyEngineTableTest {

    private static final Coding MENTAL_HEALTH = label("mental-health");
    private static final Coding SEXUAL_VIOLENCE = label("sexual-violence");
    private static final Coding PRIVILEGED = label("advocate-privileged");
    private static final Coding INVESTIGATIVE = label("investigative");
    private static final Coding RESTRICTED = label("restricted");
    private static final Coding UNKNOWN_LABEL = new Coding("http://example.org/other-labels", "secret", null);

    private static final String HALL = "alameda.juvenile-hall";
    private static final String CC_PROBATION = "contra-costa.probation";
    private static final String CC_WELFARE = "contra-costa.child-welfare";
    private static final String CC_SHERIFF = "contra-costa.sheriff";
    private static final String PROTOCOL = "mou-two-county-csec-protocol";

    @TempDir
    static Path folder;

    private static PolicyEngine engine;

    @BeforeAll
    static void engine() {
        engine = new PolicyEngine(PolicyFixtures.mous(folder), new PolicyProperties().dataClasses());
    }

    /** Where the decision is made: at intake, at the receiving gateway, or before delivery. */
    enum Stage { INTAKE, RECEIVER, DELIVERY }

    /**
     * One scenario. {@code withheld} lists the resource types removed; {@code denied} is the
     * expected reason code, or null when the message is allowed. {@code carried} are the MOU
     * versions the message names at the receiver.
     */
    record Scenario(String name, String sender, String recipient, String type, String purpose, Supplier<Bundle> bundle,
            List<Consent> consents, Stage stage, MouBinding carried, ErrorCode denied, List<String> withheld,
            List<String> consentsUsed) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                // Detention notices under the two-county protocol.
                allowed("detention notice to home probation", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Location").with("Organization")),
                allowed("detention notice to home child welfare", HALL, CC_WELFARE, "detention-notice", "safety-planning",
                        detention().with("Location").with("Organization")),
                allowed("detention notice for placement purpose", HALL, CC_WELFARE, "detention-notice", "placement",
                        detention().with("Location")),
                allowed("detention notice from probation to probation", "contra-costa.probation", "alameda.probation",
                        "detention-notice", "safety-planning", detention()),
                allowed("release safety plan to probation", "contra-costa.juvenile-hall", "alameda.probation",
                        "release-safety-plan", "safety-planning", message("release-safety-plan", HALL).focus("CarePlan")),
                denied("detention notice to the sheriff has no clause", HALL, CC_SHERIFF, "detention-notice", "safety-planning",
                        detention(), ErrorCode.NO_MOU_CLAUSE),
                denied("detention notice from child welfare has no clause", "alameda.child-welfare", CC_PROBATION,
                        "detention-notice", "safety-planning", detention(), ErrorCode.NO_MOU_CLAUSE),
                denied("detention notice for prosecution", HALL, CC_PROBATION, "detention-notice", "prosecution", detention(),
                        ErrorCode.PURPOSE_NOT_ALLOWED),
                denied("detention notice without purpose", HALL, CC_PROBATION, "detention-notice", null, detention(),
                        ErrorCode.PURPOSE_MISSING),

                // Mental-health screening: needs the youth's consent under the protocol.
                withheld("screening without consent", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH), List.of(), "Observation"),
                withConsent("screening with consent to probation kind", HALL, CC_PROBATION, "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-kind").toKind("probation").purpose("safety-planning").classes("mental-health").build()),
                        List.of(), List.of("c-kind")),
                withConsent("screening with consent naming the agency", HALL, CC_WELFARE, "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-agency").toAgency(CC_WELFARE).classes("mental-health").build()), List.of(),
                        List.of("c-agency")),
                withheld("screening consent only for child welfare", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-welfare").toKind("child-welfare").classes("mental-health").build()), "Observation"),
                withheld("screening consent with nested deny for probation", HALL, CC_PROBATION, "detention-notice",
                        "safety-planning", detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-nested").toKind("probation").exceptDenied(CC_PROBATION, "mental-health").build()),
                        "Observation"),
                withheld("screening consent revoked before intake", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-revoked").toKind("probation").classes("mental-health").inactive().build()), "Observation"),
                withheld("screening consent ended yesterday", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-ended").toKind("probation").until(TODAY.minusDays(1)).build()), "Observation"),
                withheld("screening consent for another purpose", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-purpose").toKind("probation").purpose("treatment").build()), "Observation"),
                withheld("screening under placement purpose", HALL, CC_WELFARE, "detention-notice", "placement",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-any").toKind("child-welfare").build()), "Observation"),
                withheld("screening consent obtained by another agency", HALL, CC_PROBATION, "detention-notice",
                        "safety-planning", detention().with("Observation", MENTAL_HEALTH),
                        List.of(new ConsentBuilder("c-other", "alameda.probation", Consent.ConsentProvisionType.PERMIT).build()),
                        "Observation"),
                withheld("screening consent of another youth", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-youth").forOtherYouth().build()), "Observation"),
                withheld("deny consent wins over permit consent", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH),
                        List.of(consent("c-permit").build(),
                                new ConsentBuilder("c-deny", HALL, Consent.ConsentProvisionType.DENY).classes("mental-health").build()),
                        "Observation"),

                // Labels the protocol does not list.
                withheld("sexual-violence note in a detention notice", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", SEXUAL_VIOLENCE).with("Location"), List.of(), "Observation"),
                withheld("restricted confidentiality adds a class", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Observation", RESTRICTED), List.of(), "Observation"),
                withheld("unknown label system is withheld", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Condition", UNKNOWN_LABEL), List.of(), "Condition"),
                withheld("resource type without default class", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().with("Device"), List.of(), "Device"),
                withheld("two withheld entries are both named", HALL, CC_WELFARE, "detention-notice", "safety-planning",
                        detention().with("Observation", MENTAL_HEALTH).with("Observation", PRIVILEGED), List.of(),
                        "Observation", "Observation"),
                denied("privileged label on the youth denies", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        detention().youthLabelled(PRIVILEGED), ErrorCode.FOCUS_WITHHELD),
                denied("mental-health focus without consent denies", HALL, CC_PROBATION, "detention-notice", "safety-planning",
                        message("detention-notice", HALL).focus("Encounter", MENTAL_HEALTH), ErrorCode.FOCUS_WITHHELD),

                // Inactive agreements.
                denied("MOU expired yesterday", "alameda.district-attorney", "contra-costa.victim-advocacy", "testimony-travel",
                        "prosecution", message("testimony-travel", "alameda.district-attorney").focus("CarePlan"),
                        ErrorCode.MOU_INACTIVE),
                denied("MOU signed by only one party", "alameda.probation", CC_PROBATION, "identity-verification", "court",
                        message("identity-verification", "alameda.probation").focus("Patient"), ErrorCode.MOU_INACTIVE),

                // Law-enforcement case coordination: never advocate-privileged or mental-health data.
                allowed("case coordination between sheriffs", "alameda.sheriff", CC_SHERIFF, "case-coordination", "investigation",
                        message("case-coordination", "alameda.sheriff").focus("Communication").with("Observation", INVESTIGATIVE)),
                allowed("case coordination from DA to probation", "alameda.district-attorney", CC_PROBATION, "case-coordination",
                        "prosecution", message("case-coordination", "alameda.district-attorney").focus("Communication")),
                withheld("advocate-privileged note in case coordination", "alameda.sheriff", "contra-costa.district-attorney",
                        "case-coordination", "investigation",
                        message("case-coordination", "alameda.sheriff").focus("Communication").with("Observation", PRIVILEGED),
                        List.of(), "Observation"),
                withheld("mental health never shared despite consent", "alameda.probation", CC_SHERIFF, "case-coordination",
                        "investigation", message("case-coordination", "alameda.probation").focus("Communication")
                                .with("Observation", MENTAL_HEALTH),
                        List.of(new ConsentBuilder("c-le", "alameda.probation", Consent.ConsentProvisionType.PERMIT).build()),
                        "Observation"),
                denied("law enforcement asking advocacy for privileged data", "contra-costa.victim-advocacy", "alameda.sheriff",
                        "case-coordination", "investigation", message("case-coordination", "contra-costa.victim-advocacy")
                                .focus("Communication", PRIVILEGED), ErrorCode.NO_MOU_CLAUSE),
                denied("privileged focus in case coordination", "alameda.sheriff", CC_SHERIFF, "case-coordination",
                        "investigation", message("case-coordination", "alameda.sheriff").focus("Communication", PRIVILEGED),
                        ErrorCode.FOCUS_WITHHELD),
                denied("case coordination for treatment", "alameda.sheriff", CC_SHERIFF, "case-coordination", "treatment",
                        message("case-coordination", "alameda.sheriff").focus("Communication"), ErrorCode.PURPOSE_NOT_ALLOWED),

                // Missing-youth alerts: a provider shares only the minimum without consent.
                withheld("missing-youth alert from provider without consent", "alameda.youth-center", CC_SHERIFF,
                        "missing-youth-alert", "safety-planning", message("missing-youth-alert", "alameda.youth-center")
                                .focus("Flag").with("Observation", MENTAL_HEALTH).with("Condition").with("Organization"),
                        List.of(), "Observation", "Condition"),
                withConsent("missing-youth alert from provider with consent", "alameda.youth-center", CC_SHERIFF, "safety-planning",
                        message("missing-youth-alert", "alameda.youth-center").focus("Flag").with("Observation", MENTAL_HEALTH)
                                .with("Condition"),
                        List.of(new ConsentBuilder("c-provider", "alameda.youth-center", Consent.ConsentProvisionType.PERMIT)
                                .toKind("law-enforcement").build()), List.of(), List.of("c-provider")),
                withheld("missing-youth alert for investigation keeps minimum", "alameda.youth-center", "alameda.sheriff",
                        "missing-youth-alert", "investigation", message("missing-youth-alert", "alameda.youth-center")
                                .focus("Flag").with("Condition"),
                        List.of(new ConsentBuilder("c-inv", "alameda.youth-center", Consent.ConsentProvisionType.PERMIT).build()),
                        "Condition"),
                withheld("missing-youth alert with placement location", "alameda.child-welfare", CC_SHERIFF,
                        "missing-youth-alert", "safety-planning",
                        message("missing-youth-alert", "alameda.child-welfare").focus("Flag").with("Location"), List.of(),
                        "Location"),
                denied("missing-youth alert to victim advocacy", "alameda.youth-center", "contra-costa.victim-advocacy",
                        "missing-youth-alert", "safety-planning", message("missing-youth-alert", "alameda.youth-center").focus("Flag"),
                        ErrorCode.NO_MOU_CLAUSE),

                // Victim advocacy referrals: everything needs consent.
                withConsent("crisis referral between advocates with consent", "alameda.victim-advocacy",
                        "contra-costa.victim-advocacy", "treatment",
                        message("crisis-referral", "alameda.victim-advocacy").focus("ServiceRequest").with("Observation", SEXUAL_VIOLENCE),
                        List.of(new ConsentBuilder("c-adv", "alameda.victim-advocacy", Consent.ConsentProvisionType.PERMIT).build()),
                        List.of(), List.of("c-adv")),
                denied("crisis referral without consent", "alameda.victim-advocacy", "contra-costa.victim-advocacy",
                        "crisis-referral", "treatment", message("crisis-referral", "alameda.victim-advocacy").focus("ServiceRequest"),
                        ErrorCode.FOCUS_WITHHELD),
                withConsent("service referral consent without privileged notes", "alameda.victim-advocacy",
                        "contra-costa.victim-advocacy", "safety-planning",
                        message("service-referral", "alameda.victim-advocacy").focus("ServiceRequest").with("Observation", PRIVILEGED),
                        List.of(new ConsentBuilder("c-ref", "alameda.victim-advocacy", Consent.ConsentProvisionType.PERMIT)
                                .classes("identity", "case").build()), List.of("Observation"), List.of("c-ref")),

                // Aggregate reports: counts only.
                allowed("aggregate report of counts", "alameda.probation", "alameda.child-welfare", "aggregate-report", "statistics",
                        message("aggregate-report", "alameda.probation").focusWithoutYouth("MeasureReport")),
                denied("aggregate report with a youth-level resource", "alameda.probation", "alameda.child-welfare",
                        "aggregate-report", "statistics",
                        message("aggregate-report", "alameda.probation").focusWithoutYouth("MeasureReport").with("Patient"),
                        ErrorCode.YOUTH_DATA_IN_AGGREGATE),
                denied("aggregate report for treatment", "alameda.probation", "alameda.child-welfare", "aggregate-report",
                        "treatment", message("aggregate-report", "alameda.probation").focusWithoutYouth("MeasureReport"),
                        ErrorCode.PURPOSE_NOT_ALLOWED),

                // The receiving gateway with its own copy.
                received("receiver holds the same MOU version", detention(), null, null),
                received("receiver holds an older MOU version", detention(),
                        new MouBinding(PROTOCOL, 3, "sha256:a-newer-version"), ErrorCode.MOU_VERSION_MISMATCH),
                received("message names no MOU version", detention(), new MouBinding("mou-other", 1, "sha256:x"),
                        ErrorCode.MOU_VERSION_MISMATCH),
                received("receiver finds an entry outside its clauses", detention().with("Observation", MENTAL_HEALTH), null,
                        ErrorCode.RESOURCE_NOT_ALLOWED),

                // Before delivery: the Consent or MOU changed while the envelope waited.
                queued("consent revoked while the message waits in the queue", true, ErrorCode.CONSENT_REVOKED),
                queued("consent still active at delivery", false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decides(Scenario scenario) {
        PolicyRequest request = new PolicyRequest(agency(scenario.sender()), agency(scenario.recipient()), scenario.type(),
                scenario.purpose(), withPurpose(scenario.bundle().get(), scenario.purpose()), scenario.consents(), TODAY);

        PolicyDecision decision = switch (scenario.stage()) {
            case INTAKE, DELIVERY -> engine.decide(request);
            case RECEIVER -> engine.decideReceived(request, scenario.carried() == null ? engine.decide(request).mous()
                    : List.of(scenario.carried()));
        };

        if (scenario.stage() == Stage.DELIVERY) {
            assertThat(decision.allowed()).as("allowed at intake").isTrue();
            assertRecheck(scenario, decision);
            return;
        }
        assertThat(decision.reason()).as("reason code").isEqualTo(scenario.denied());
        assertThat(decision.allowed()).as("allowed").isEqualTo(scenario.denied() == null);
        assertThat(decision.explanation()).as("explanation").isNotBlank();
        if (decision.allowed()) {
            assertThat(decision.withheld()).extracting(WithheldResource::resourceType).as("withheld")
                    .containsExactlyElementsOf(scenario.withheld());
            assertThat(decision.consentIds()).as("consents used").containsExactlyElementsOf(scenario.consentsUsed());
            assertThat(decision.clauses()).as("clauses used").isNotEmpty();
            assertThat(decision.retentionDays()).as("retention days").isPositive();
        }
    }

    private static void assertRecheck(Scenario scenario, PolicyDecision decision) {
        boolean revoked = scenario.denied() != null;
        Runnable recheck = () -> engine.recheck(decision.mous(), decision.consentIds(), TODAY, id -> !revoked);
        if (revoked) {
            assertThatThrownBy(recheck::run).isInstanceOf(PolicyDeniedException.class)
                    .satisfies(e -> assertThat(((PolicyDeniedException) e).code()).isEqualTo(scenario.denied()));
        } else {
            recheck.run();
        }
    }

    private static Bundle withPurpose(Bundle bundle, String purpose) {
        if (purpose != null) {
            PolicyHeader.setPurpose(bundle, purpose);
        }
        return bundle;
    }

    private static MessageBuilder detention() {
        return message("detention-notice", HALL).focus("Encounter");
    }

    private static MessageBuilder message(String type, String sender) {
        return new MessageBuilder(type, sender);
    }

    private static ConsentBuilder consent(String id) {
        return new ConsentBuilder(id, HALL, Consent.ConsentProvisionType.PERMIT);
    }

    private static Scenario allowed(String name, String sender, String recipient, String type, String purpose,
            MessageBuilder bundle) {
        return new Scenario(name, sender, recipient, type, purpose, bundle::build, List.of(), Stage.INTAKE, null, null,
                List.of(), List.of());
    }

    private static Scenario withheld(String name, String sender, String recipient, String type, String purpose,
            MessageBuilder bundle, List<Consent> consents, String... withheld) {
        return new Scenario(name, sender, recipient, type, purpose, bundle::build, consents, Stage.INTAKE, null, null,
                List.of(withheld), List.of());
    }

    private static Scenario withConsent(String name, String sender, String recipient, String purpose, MessageBuilder bundle,
            List<Consent> consents, List<String> withheld, List<String> used) {
        String type = bundle.build().getEntryFirstRep().getResource() instanceof org.hl7.fhir.r4.model.MessageHeader header
                ? header.getEventCoding().getCode() : null;
        return new Scenario(name, sender, recipient, type, purpose, bundle::build, consents, Stage.INTAKE, null, null,
                withheld, used);
    }

    private static Scenario denied(String name, String sender, String recipient, String type, String purpose,
            MessageBuilder bundle, ErrorCode code) {
        return new Scenario(name, sender, recipient, type, purpose, bundle::build, List.of(), Stage.INTAKE, null, code,
                List.of(), List.of());
    }

    private static Scenario received(String name, MessageBuilder bundle, MouBinding carried, ErrorCode code) {
        return new Scenario(name, HALL, CC_PROBATION, "detention-notice", "safety-planning", bundle::build, List.of(),
                Stage.RECEIVER, carried, code, List.of(), List.of());
    }

    private static Scenario queued(String name, boolean revoked, ErrorCode code) {
        return new Scenario(name, HALL, CC_PROBATION, "detention-notice", "safety-planning",
                detention().with("Observation", MENTAL_HEALTH)::build,
                List.of(consent("c-queued").toKind("probation").classes("mental-health").build()), Stage.DELIVERY, null,
                revoked ? code : null, List.of(), List.of("c-queued"));
    }
}
