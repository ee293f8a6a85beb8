package org.interagency.gateway.policy;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.interagency.gateway.consent.ConsentProvisions;
import org.interagency.gateway.error.ErrorCode;

/**
 * Decides whether a message may flow to one recipient and which entries it loses on the way.
 * The sending gateway runs it at intake and before sealing, the delivery step re-checks the
 * MOUs and Consents it relied on, and the receiving gateway runs it again with its own MOUs.
 *
 * <p>The rules, in order. Deny by default: the clauses of active (fully signed, in date) MOUs
 * that cover sender, recipient, exchange type and purpose decide. Every entry but the
 * MessageHeader and carried Consents is kept only if a covering clause lists each of its data
 * classes and no covering never-shared clause does, because a deny wins over a permit. Where
 * every listing clause requires consent, an active Consent of the youth must also permit the
 * class and none may deny it. Removing the message's focus or the youth it is about denies the message,
 * and an aggregate report with any youth-level entry is denied rather than trimmed.
 */
public final class PolicyEngine {

    static final String AGGREGATE_REPORT = "aggregate-report";
    static final String AGGREGATE_CLASS = "aggregate";

    private final MouRepository mous;
    private final DataClasses dataClasses;

    public PolicyEngine(MouRepository mous, DataClasses dataClasses) {
        this.mous = mous;
        this.dataClasses = dataClasses;
    }

    public MouRepository mous() {
        return mous;
    }

    /** Decides on the request; a denial is a decision too, never an exception. */
    public PolicyDecision decide(PolicyRequest request) {
        List<CoveringClause> candidates = candidates(request);
        if (candidates.isEmpty()) {
            return PolicyDecision.deny(ErrorCode.NO_MOU_CLAUSE, "no clause of an MOU lets " + request.sender().id() + " send "
                    + request.exchangeType() + " to " + request.recipient().id(), List.of());
        }
        List<CoveringClause> active = candidates.stream().filter(c -> c.mou().activeOn(request.day())).toList();
        if (active.isEmpty()) {
            return PolicyDecision.deny(ErrorCode.MOU_INACTIVE, candidates.stream()
                    .map(c -> "MOU " + c.mou().mou().id() + " version " + c.mou().mou().version() + " is inactive because "
                            + c.mou().inactiveReason(request.day()))
                    .distinct().collect(Collectors.joining("; ")), references(candidates));
        }
        if (request.purpose() == null || request.purpose().isBlank()) {
            return PolicyDecision.deny(ErrorCode.PURPOSE_MISSING, "the MessageHeader has no purpose-of-use extension;"
                    + " the sending agency must declare the purpose of use", references(active));
        }
        List<CoveringClause> covering = active.stream().filter(c -> c.clause().purposes().contains(request.purpose())).toList();
        if (covering.isEmpty()) {
            return PolicyDecision.deny(ErrorCode.PURPOSE_NOT_ALLOWED, "clauses " + references(active) + " cover "
                    + request.exchangeType() + " to " + request.recipient().id() + " but not the purpose " + request.purpose(),
                    references(active));
        }
        return decideEntries(request, covering);
    }

    /**
     * Decides as the receiving gateway: the message must pass this gateway's own MOUs without
     * losing an entry, and it must name the same signed version of every MOU the decision uses.
     */
    public PolicyDecision decideReceived(PolicyRequest request, List<MouBinding> carried) {
        PolicyDecision decision = decide(request);
        if (!decision.allowed()) {
            return decision;
        }
        if (!decision.withheld().isEmpty()) {
            return PolicyDecision.deny(ErrorCode.RESOURCE_NOT_ALLOWED, "this gateway's MOUs do not let "
                    + request.recipient().id() + " receive " + decision.withheld(), decision.clauses());
        }
        for (MouBinding held : decision.mous()) {
            Optional<MouBinding> named = carried.stream().filter(b -> b.mouId().equals(held.mouId())).findFirst();
            if (named.isEmpty() || !named.get().digest().equals(held.digest())) {
                return PolicyDecision.deny(ErrorCode.MOU_VERSION_MISMATCH, "the message "
                        + named.map(b -> "relies on MOU " + b.mouId() + " version " + b.version() + " (" + b.digest() + ")")
                                .orElse("names no signed version of MOU " + held.mouId())
                        + ", but this gateway holds version " + held.version() + " (" + held.digest() + ")", decision.clauses());
            }
        }
        return decision;
    }

    /**
     * Checks again, before delivery, that the MOU versions and Consents a sealed message relies
     * on still hold on {@code day}: a Consent revoked or an MOU expired or replaced while the
     * envelope waited in the queue stops it.
     *
     * @throws PolicyDeniedException with {@link ErrorCode#CONSENT_REVOKED} or {@link ErrorCode#MOU_INACTIVE}
     */
    public void recheck(List<MouBinding> bindings, List<String> consentIds, LocalDate day,
            Predicate<String> consentActive) {
        for (MouBinding binding : bindings) {
            Optional<SignedMou> held = mous.find(binding.mouId());
            if (held.isEmpty() || !held.get().digest().equals(binding.digest())) {
                throw new PolicyDeniedException(ErrorCode.MOU_INACTIVE, "MOU " + binding.mouId() + " version "
                        + binding.version() + " is no longer the version this gateway holds");
            }
            if (!held.get().activeOn(day)) {
                throw new PolicyDeniedException(ErrorCode.MOU_INACTIVE, "MOU " + binding.mouId() + " version "
                        + binding.version() + " is inactive because " + held.get().inactiveReason(day));
            }
        }
        for (String consentId : consentIds) {
            if (!consentActive.test(consentId)) {
                throw new PolicyDeniedException(ErrorCode.CONSENT_REVOKED, "Consent " + consentId
                        + " that the message relies on is no longer active");
            }
        }
    }

    private PolicyDecision decideEntries(PolicyRequest request, List<CoveringClause> covering) {
        List<Consent> consents = applicableConsents(request);
        Set<String> exempt = PolicyHeader.consentUrls(request.bundle());
        Usage usage = new Usage();
        List<WithheldResource> withheld = new ArrayList<>();
        Map<String, Set<String>> classesByUrl = new LinkedHashMap<>();

        List<Bundle.BundleEntryComponent> entries = request.bundle().getEntry();
        for (Bundle.BundleEntryComponent entry : entries.subList(1, entries.size())) {
            if (exempt.contains(entry.getFullUrl())) {
                continue;
            }
            Set<String> classes = dataClasses.of(entry.getResource());
            classesByUrl.put(entry.getFullUrl(), classes);
            Usage entryUsage = new Usage();
            Optional<String> refusal = classes.stream()
                    .map(dataClass -> checkClass(dataClass, request, covering, consents, entryUsage))
                    .flatMap(Optional::stream)
                    .findFirst();
            if (refusal.isPresent()) {
                withheld.add(new WithheldResource(entry.getFullUrl(), entry.getResource().fhirType(), classes, refusal.get()));
            } else {
                usage.merge(entryUsage);
            }
        }

        return conclude(request, covering, usage, withheld, classesByUrl);
    }

    private PolicyDecision conclude(PolicyRequest request, List<CoveringClause> covering, Usage usage,
            List<WithheldResource> withheld, Map<String, Set<String>> classesByUrl) {
        List<ClauseReference> coveringReferences = references(covering);
        if (AGGREGATE_REPORT.equals(request.exchangeType())) {
            Optional<String> youthLevel = classesByUrl.entrySet().stream()
                    .filter(entry -> !entry.getValue().equals(Set.of(AGGREGATE_CLASS)))
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .findFirst();
            if (youthLevel.isPresent()) {
                return PolicyDecision.deny(ErrorCode.YOUTH_DATA_IN_AGGREGATE, "an aggregate report may carry only counts, but entry "
                        + youthLevel.get() + " is youth-level data; remove it and send the counts alone", coveringReferences);
            }
        }
        Set<String> essential = essentialUrls(request.bundle());
        Optional<WithheldResource> lostEssential = withheld.stream().filter(w -> essential.contains(w.fullUrl())).findFirst();
        if (lostEssential.isPresent()) {
            return PolicyDecision.deny(ErrorCode.FOCUS_WITHHELD, "the message cannot go without its focus or youth, and "
                    + lostEssential.get() + "", coveringReferences);
        }
        if (usage.clauses.isEmpty()) {
            return PolicyDecision.deny(ErrorCode.FOCUS_WITHHELD, "no entry of the message may flow: " + withheld, coveringReferences);
        }

        List<CoveringClause> used = new ArrayList<>(usage.clauses.values());
        int retention = used.stream().mapToInt(c -> c.clause().retentionDays()).min().orElse(0);
        boolean onward = used.stream().allMatch(c -> c.clause().onwardDisclosure());
        List<MouBinding> bindings = used.stream().map(c -> c.mou().binding()).distinct().toList();
        String explanation = "allowed under " + references(used)
                + (usage.consents.isEmpty() ? "" : " with Consent " + usage.consents)
                + (withheld.isEmpty() ? "" : "; withheld " + withheld);
        return new PolicyDecision(true, null, explanation, references(used), bindings, new ArrayList<>(usage.consents), withheld,
                retention, onward);
    }

    /** Returns the refusal for one data class of an entry, or empty when the class may flow. */
    private static Optional<String> checkClass(String dataClass, PolicyRequest request, List<CoveringClause> covering,
            List<Consent> consents, Usage usage) {
        Optional<CoveringClause> denying = covering.stream()
                .filter(c -> c.clause().consent().neverShared() && c.clause().lists(dataClass)).findFirst();
        if (denying.isPresent()) {
            return Optional.of("class " + dataClass + " is never shared under " + denying.get().reference());
        }
        List<CoveringClause> permitting = covering.stream()
                .filter(c -> !c.clause().consent().neverShared() && c.clause().lists(dataClass)).toList();
        if (permitting.isEmpty()) {
            return Optional.of("no covering clause allows class " + dataClass);
        }
        List<CoveringClause> withoutConsent = permitting.stream().filter(c -> !c.clause().consent().required()).toList();
        if (!withoutConsent.isEmpty()) {
            usage.use(withoutConsent);
            return Optional.empty();
        }
        return checkConsent(dataClass, request, permitting, consents, usage);
    }

    private static Optional<String> checkConsent(String dataClass, PolicyRequest request, List<CoveringClause> permitting,
            List<Consent> consents, Usage usage) {
        List<String> permits = new ArrayList<>();
        for (Consent consent : consents) {
            ConsentProvisions.Verdict verdict = ConsentProvisions.evaluate(consent, request.recipient(), request.purpose(),
                    dataClass, request.day());
            if (verdict == ConsentProvisions.Verdict.DENY) {
                return Optional.of("Consent " + ConsentProvisions.id(consent) + " denies class " + dataClass);
            }
            if (verdict == ConsentProvisions.Verdict.PERMIT) {
                permits.add(ConsentProvisions.id(consent));
            }
        }
        if (permits.isEmpty()) {
            return Optional.of("class " + dataClass + " needs the youth's consent under " + references(permitting)
                    + " and no active Consent permits it");
        }
        usage.use(permitting);
        usage.consents.addAll(permits);
        return Optional.empty();
    }

    private List<CoveringClause> candidates(PolicyRequest request) {
        List<CoveringClause> found = new ArrayList<>();
        for (SignedMou mou : mous.all()) {
            for (MouClause clause : mou.mou().clauses()) {
                if (clause.covers(request.sender(), request.recipient(), request.exchangeType())) {
                    found.add(new CoveringClause(mou, clause));
                }
            }
        }
        return found;
    }

    /** Returns the Consents obtained by the sender about a youth of the Bundle. */
    private static List<Consent> applicableConsents(PolicyRequest request) {
        Set<String> subjects = subjectIdentifiers(request.bundle());
        return request.consents().stream()
                .filter(consent -> ConsentProvisions.appliesTo(consent, request.sender().id(), subjects))
                .toList();
    }

    /** Returns the {@code system|value} identifiers of every Patient in the Bundle. */
    public static Set<String> subjectIdentifiers(Bundle bundle) {
        Set<String> identifiers = new LinkedHashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Patient patient) {
                for (Identifier identifier : patient.getIdentifier()) {
                    identifiers.add(identifier.getSystem() + "|" + identifier.getValue());
                }
            }
        }
        return identifiers;
    }

    /** Returns the fullUrls of the MessageHeader's focus and of the Patients the focus refers to. */
    private static Set<String> essentialUrls(Bundle bundle) {
        Set<String> essential = new LinkedHashSet<>();
        for (Reference focus : PolicyHeader.header(bundle).getFocus()) {
            essential.add(focus.getReference());
            bundle.getEntry().stream()
                    .filter(entry -> entry.getFullUrl() != null && entry.getFullUrl().equals(focus.getReference()))
                    .map(Bundle.BundleEntryComponent::getResource)
                    .findFirst()
                    .ifPresent(resource -> essential.addAll(patientReferences(bundle, resource)));
        }
        return essential;
    }

    private static Set<String> patientReferences(Bundle bundle, Resource resource) {
        Set<String> patients = bundle.getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Patient)
                .map(Bundle.BundleEntryComponent::getFullUrl)
                .collect(Collectors.toSet());
        return FhirContext.forR4Cached().newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
                .map(Reference::getReference)
                .filter(patients::contains)
                .collect(Collectors.toSet());
    }

    private static List<ClauseReference> references(List<CoveringClause> clauses) {
        return clauses.stream().map(CoveringClause::reference).distinct().toList();
    }

    /** A clause of a loaded MOU that covers the request. */
    private record CoveringClause(SignedMou mou, MouClause clause) {

        ClauseReference reference() {
            return new ClauseReference(mou.mou().id(), mou.mou().version(), clause.id());
        }
    }

    /** The clauses and Consents that let at least one data class flow. */
    private static final class Usage {
        private final Map<ClauseReference, CoveringClause> clauses = new LinkedHashMap<>();
        private final Set<String> consents = new LinkedHashSet<>();

        void use(List<CoveringClause> permitting) {
            permitting.forEach(clause -> clauses.putIfAbsent(clause.reference(), clause));
        }

        void merge(Usage other) {
            other.clauses.forEach(clauses::putIfAbsent);
            consents.addAll(other.consents);
        }
    }
}
