package org.interagency.gateway.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.policy.DataClasses;

/**
 * Evaluates what a FHIR Consent permits. The root provision sets the base rule (permit or
 * deny) for the recipients, purposes, data classes and period it names. Nested provisions are
 * exceptions inside it. A criterion a provision leaves empty matches everything, and a deny
 * of a nested provision wins over a permit of another.
 */
public final class ConsentProvisions {

    /** System of {@code Consent.organization.identifier} and actor identifiers that name an agency. */
    public static final String AGENCY_SYSTEM = "urn:interagency:agency";
    /** System of actor identifiers that name every agency of a kind. */
    public static final String AGENCY_KIND_SYSTEM = "urn:interagency:agency-kind";

    /** The result of evaluating a Consent for one disclosure. */
    public enum Verdict { PERMIT, DENY, NOT_APPLICABLE }

    private ConsentProvisions() {
    }

    /**
     * Returns whether {@code consent} is about a youth with one of {@code subjectIdentifiers}
     * ({@code system|value}) and was obtained by {@code senderAgency}. A consent covers only the
     * data of the agency that obtained it.
     */
    public static boolean appliesTo(Consent consent, String senderAgency, Collection<String> subjectIdentifiers) {
        Identifier patient = consent.getPatient().getIdentifier();
        boolean subject = patient != null && subjectIdentifiers.contains(patient.getSystem() + "|" + patient.getValue());
        return subject && senderAgency.equals(obtainedBy(consent));
    }

    /**
     * Returns the Consent's id. A parser may have replaced the id of a Bundle entry with its
     * fullUrl, so a {@code urn:uuid:} prefix is dropped.
     */
    public static String id(Consent consent) {
        String id = consent.getIdElement().getIdPart();
        return id != null && id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
    }

    /** Returns the agency id in {@code Consent.organization[0].identifier}, or null. */
    public static String obtainedBy(Consent consent) {
        return consent.getOrganization().stream()
                .map(Reference::getIdentifier)
                .filter(identifier -> identifier != null && AGENCY_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Evaluates the consent for sending data of {@code dataClass} to {@code recipient} for {@code purpose} on {@code day}. */
    public static Verdict evaluate(Consent consent, Agency recipient, String purpose, String dataClass, LocalDate day) {
        Consent.ProvisionComponent root = consent.getProvision();
        if (consent.getStatus() != Consent.ConsentState.ACTIVE || root == null || !matches(root, recipient, purpose, dataClass, day)) {
            return Verdict.NOT_APPLICABLE;
        }

        Verdict verdict = root.getType() == Consent.ConsentProvisionType.PERMIT ? Verdict.PERMIT : Verdict.DENY;
        List<Consent.ProvisionComponent> exceptions = root.getProvision().stream()
                .filter(nested -> matches(nested, recipient, purpose, dataClass, day))
                .toList();
        if (exceptions.stream().anyMatch(nested -> nested.getType() == Consent.ConsentProvisionType.DENY)) {
            return Verdict.DENY;
        }
        if (exceptions.stream().anyMatch(nested -> nested.getType() == Consent.ConsentProvisionType.PERMIT)) {
            return Verdict.PERMIT;
        }
        return verdict;
    }

    private static boolean matches(Consent.ProvisionComponent provision, Agency recipient, String purpose, String dataClass,
            LocalDate day) {
        return inPeriod(provision.getPeriod(), day)
                && (provision.getActor().isEmpty() || provision.getActor().stream().anyMatch(actor -> names(actor.getReference(), recipient)))
                && (provision.getPurpose().isEmpty() || provision.getPurpose().stream().map(Coding::getCode).anyMatch(purpose::equals))
                && (provision.getSecurityLabel().isEmpty() || provision.getSecurityLabel().stream()
                        .anyMatch(label -> DataClasses.classOf(label).filter(dataClass::equals).isPresent()));
    }

    private static boolean names(Reference reference, Agency recipient) {
        Identifier identifier = reference.getIdentifier();
        if (identifier == null) {
            return false;
        }
        return AGENCY_SYSTEM.equals(identifier.getSystem()) && recipient.id().equals(identifier.getValue())
                || AGENCY_KIND_SYSTEM.equals(identifier.getSystem()) && recipient.kind().equals(identifier.getValue());
    }

    private static boolean inPeriod(Period period, LocalDate day) {
        if (period == null || period.isEmpty()) {
            return true;
        }
        boolean started = period.getStart() == null || !day.isBefore(utcDay(period.getStart()));
        boolean notEnded = period.getEnd() == null || !day.isAfter(utcDay(period.getEnd()));
        return started && notEnded;
    }

    private static LocalDate utcDay(java.util.Date date) {
        // getTime rather than toInstant, because a java.sql.Date refuses toInstant.
        return LocalDate.ofInstant(Instant.ofEpochMilli(date.getTime()), ZoneOffset.UTC);
    }
}
