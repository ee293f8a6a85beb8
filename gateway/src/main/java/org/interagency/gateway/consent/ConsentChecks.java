package org.interagency.gateway.consent;

import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.policy.DataClasses;
import org.interagency.gateway.policy.PolicyHeader;

/**
 * Checks a Consent before it is recorded: the elements FHIR R4 requires and the ones the
 * policy engine reads, each naming the element and the fix. A Consent that passes is also
 * valid inside a message Bundle, where the receiving gateway validates it again.
 */
final class ConsentChecks {

    static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final Set<String> KINDS = Set.of("law-enforcement", "probation", "child-welfare", "district-attorney",
            "victim-witness", "victim-advocacy", "juvenile-court", "child-advocacy-center", "medical", "mental-health",
            "juvenile-defense", "juvenile-hall", "community-provider");

    private ConsentChecks() {
    }

    static void check(Consent consent, String caller, Directory directory) {
        require(consent.getStatus() == Consent.ConsentState.ACTIVE, "Consent.status",
                "is not active; record a Consent with status active");
        require(consent.getScope().getCoding().stream().anyMatch(c -> SCOPE_SYSTEM.equals(c.getSystem())
                && "patient-privacy".equals(c.getCode())), "Consent.scope", "must be " + SCOPE_SYSTEM + "#patient-privacy");
        require(consent.hasCategory(), "Consent.category", "is missing; add at least one category, such as LOINC 59284-0");
        require(consent.hasPolicyRule() || consent.hasPolicy(), "Consent.policyRule",
                "is missing; name the rule the youth consented under (FHIR invariant ppc-1)");
        Identifier subject = consent.getPatient().getIdentifier();
        require(subject != null && subject.hasSystem() && subject.hasValue(), "Consent.patient.identifier",
                "is missing; name the youth by the identifier system and value the messages use");

        String obtainedBy = ConsentProvisions.obtainedBy(consent);
        if (!caller.equals(obtainedBy)) {
            throw new GatewayException(ErrorCode.CONSENT_NOT_OWNED, "Consent.organization names " + obtainedBy + ", but "
                    + caller + " is recording it; an agency records only the consents it obtained itself");
        }
        require(consent.hasProvision() && consent.getProvision().hasType(), "Consent.provision.type",
                "is missing; set permit or deny");
        checkProvision(consent.getProvision(), "Consent.provision", directory);
        for (Consent.ProvisionComponent nested : consent.getProvision().getProvision()) {
            require(nested.hasType(), "Consent.provision.provision.type", "is missing; set permit or deny");
            checkProvision(nested, "Consent.provision.provision", directory);
        }
    }

    private static void checkProvision(Consent.ProvisionComponent provision, String path, Directory directory) {
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            checkActor(actor.getReference(), path + ".actor.reference", directory);
            require(actor.hasRole(), path + ".actor.role", "is missing; use v3-ParticipationType IRCP (information recipient)");
        }
        for (Coding purpose : provision.getPurpose()) {
            require(PolicyHeader.PURPOSE_SYSTEM.equals(purpose.getSystem()) && PolicyHeader.PURPOSES.contains(purpose.getCode()),
                    path + ".purpose", "has " + purpose.getSystem() + "#" + purpose.getCode() + "; use a code of "
                            + PolicyHeader.PURPOSE_SYSTEM + ": " + PolicyHeader.PURPOSES);
        }
        for (Coding label : provision.getSecurityLabel()) {
            require(DataClasses.classOf(label).isPresent(), path + ".securityLabel", "has " + label.getSystem() + "#"
                    + label.getCode() + ", which is not a data class; see the data classes in docs/policy.md");
        }
    }

    private static void checkActor(Reference reference, String path, Directory directory) {
        Identifier identifier = reference.getIdentifier();
        boolean agency = identifier != null && ConsentProvisions.AGENCY_SYSTEM.equals(identifier.getSystem())
                && directory.agency(identifier.getValue()).isPresent();
        boolean kind = identifier != null && ConsentProvisions.AGENCY_KIND_SYSTEM.equals(identifier.getSystem())
                && KINDS.contains(identifier.getValue());
        require(agency || kind, path, "must have an identifier naming an agency of the directory ("
                + ConsentProvisions.AGENCY_SYSTEM + ") or an agency kind (" + ConsentProvisions.AGENCY_KIND_SYSTEM + ")");
    }

    private static void require(boolean condition, String element, String problem) {
        if (!condition) {
            throw new GatewayException(ErrorCode.INVALID_CONSENT, element + " " + problem);
        }
    }
}
