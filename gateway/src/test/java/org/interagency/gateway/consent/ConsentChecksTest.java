package org.interagency.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.Test;

class ConsentChecksTest {

    private static final String HALL = "alameda.juvenile-hall";
    private static final Directory DIRECTORY = new Directory("test-network", List.of(new County("alameda", "alameda",
            URI.create("https://alameda.example.org:8443"), List.of(),
            List.of(new Agency(HALL, "Juvenile hall", "juvenile-hall", "alameda", true)))), List.of());

    @Test
    void exampleConsentPasses() throws IOException {
        assertThatCode(() -> ConsentChecks.check(example(), HALL, DIRECTORY)).doesNotThrowAnyException();
    }

    @Test
    void missingYouthIdentifierIsInvalid() throws IOException {
        Consent consent = example();
        consent.getPatient().setIdentifier(null);

        assertRejected(consent, HALL, ErrorCode.INVALID_CONSENT, "Consent.patient.identifier");
    }

    @Test
    void consentOfAnotherAgencyIsNotOwned() throws IOException {
        assertRejected(example(), "alameda.probation", ErrorCode.CONSENT_NOT_OWNED, "Consent.organization names " + HALL);
    }

    @Test
    void unknownPurposeIsInvalid() throws IOException {
        Consent consent = example();
        consent.getProvision().getPurpose().set(0, new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));

        assertRejected(consent, HALL, ErrorCode.INVALID_CONSENT, "Consent.provision.purpose has");
    }

    @Test
    void unknownDataClassIsInvalid() throws IOException {
        Consent consent = example();
        consent.getProvision().addSecurityLabel(new Coding("http://example.org/labels", "secret", null));

        assertRejected(consent, HALL, ErrorCode.INVALID_CONSENT, "Consent.provision.securityLabel");
    }

    @Test
    void actorOutsideDirectoryIsInvalid() throws IOException {
        Consent consent = example();
        consent.getProvision().getActorFirstRep().getReference().getIdentifier()
                .setSystem(ConsentProvisions.AGENCY_SYSTEM).setValue("marin.probation");

        assertRejected(consent, HALL, ErrorCode.INVALID_CONSENT, "Consent.provision.actor.reference");
    }

    @Test
    void inactiveConsentIsInvalid() throws IOException {
        Consent consent = example();
        consent.setStatus(Consent.ConsentState.INACTIVE);

        assertRejected(consent, HALL, ErrorCode.INVALID_CONSENT, "Consent.status");
    }

    private static void assertRejected(Consent consent, String caller, ErrorCode code, String fragment) {
        assertThatThrownBy(() -> ConsentChecks.check(consent, caller, DIRECTORY))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(fragment);
    }

    private static Consent example() throws IOException {
        try (InputStream in = ConsentChecksTest.class.getClassLoader()
                .getResourceAsStream("examples/consent/mental-health-screening.json")) {
            return FhirContext.forR4Cached().newJsonParser().parseResource(Consent.class,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
