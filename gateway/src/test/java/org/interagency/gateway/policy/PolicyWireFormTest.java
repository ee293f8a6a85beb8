package org.interagency.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.interagency.gateway.consent.ConsentDigest;
import org.interagency.gateway.testing.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The forms that leave the gateway: canonical MOU bytes, MessageHeader extensions, minimized Bundles. */
class PolicyWireFormTest {

    private static final String LOCATION = "urn:uuid:9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
    private final IParser json = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);

    @TempDir
    Path folder;

    @Test
    void canonicalFormIgnoresLayout() throws IOException {
        Path plain = write("plain.yml", "id: a\nversion: 1\ntitle: T\n");
        Path reordered = write("reordered.yml", "# comment\ntitle: 'T'\nversion: 1\nid: a\n");

        assertThat(canonical(reordered)).isEqualTo(canonical(plain));
        assertThat(new String(canonical(plain), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\",\"title\":\"T\",\"version\":1}");
    }

    @Test
    void canonicalFormChangesWithValue() throws IOException {
        Path one = write("one.yml", "id: a\nversion: 1\n");
        Path two = write("two.yml", "id: a\nversion: 2\n");

        assertThat(MouCanonicalForm.digest(canonical(one))).isNotEqualTo(MouCanonicalForm.digest(canonical(two)))
                .startsWith("sha256:");
    }

    @Test
    void bindingsAndConsentsSurviveEncoding() {
        Bundle bundle = json.parseResource(Bundle.class, Messages.withId("valid.json", Messages.newId()));
        Consent consent = new PolicyFixtures.ConsentBuilder("3f9e1c2b-8a7d-4e6f-9b0c-1d2e3f4a5b6c", "alameda.juvenile-hall",
                Consent.ConsentProvisionType.PERMIT).classes("mental-health").build();
        MouBinding binding = new MouBinding("mou-two-county-csec-protocol", 2, "sha256:abc");

        PolicyHeader.stamp(bundle, List.of(binding), List.of(consent));
        Bundle decoded = json.parseResource(Bundle.class, json.encodeResourceToString(bundle));

        assertThat(PolicyHeader.purpose(decoded)).contains("safety-planning");
        assertThat(PolicyHeader.bindings(decoded)).containsExactly(binding);
        PolicyHeader.CarriedConsent carried = PolicyHeader.consents(decoded).get(0);
        assertThat(carried.fullUrl()).isEqualTo("urn:uuid:3f9e1c2b-8a7d-4e6f-9b0c-1d2e3f4a5b6c");
        assertThat(carried.consent()).isNotNull();
        assertThat(ConsentDigest.of(carried.consent())).isEqualTo(carried.digest()).isEqualTo(ConsentDigest.of(consent));
    }

    @Test
    void stampingTwiceReplacesEarlierFacts() {
        Bundle bundle = json.parseResource(Bundle.class, Messages.withId("valid.json", Messages.newId()));
        Consent consent = new PolicyFixtures.ConsentBuilder("3f9e1c2b-8a7d-4e6f-9b0c-1d2e3f4a5b6c", "alameda.juvenile-hall",
                Consent.ConsentProvisionType.PERMIT).build();
        int entries = bundle.getEntry().size();

        PolicyHeader.stamp(bundle, List.of(new MouBinding("old", 1, "sha256:1")), List.of(consent));
        PolicyHeader.stamp(bundle, List.of(new MouBinding("new", 2, "sha256:2")), List.of());

        assertThat(PolicyHeader.bindings(bundle)).extracting(MouBinding::mouId).containsExactly("new");
        assertThat(PolicyHeader.consents(bundle)).isEmpty();
        assertThat(bundle.getEntry()).hasSize(entries);
    }

    @Test
    void bindingParsesItsOwnForm() {
        MouBinding binding = new MouBinding("mou-a/b", 12, "sha256:00ff");

        assertThat(MouBinding.parse(binding.toString())).isEqualTo(binding);
    }

    @Test
    void minimizerKeepsDisplayOfWithheldReference() {
        Bundle bundle = json.parseResource(Bundle.class, Messages.withId("valid.json", Messages.newId()));

        Bundle minimized = BundleMinimizer.withhold(bundle, Set.of(LOCATION));

        assertThat(minimized.getEntry()).hasSize(bundle.getEntry().size() - 1)
                .noneMatch(entry -> LOCATION.equals(entry.getFullUrl()));
        Encounter detention = (Encounter) minimized.getEntry().get(1).getResource();
        assertThat(detention.getLocationFirstRep().getLocation().getReference()).isNull();
        assertThat(detention.getLocationFirstRep().getLocation().getDisplay()).isEqualTo(BundleMinimizer.WITHHELD_DISPLAY);
        assertThat(((Encounter) bundle.getEntry().get(1).getResource()).getLocationFirstRep().getLocation().getReference())
                .as("the original Bundle is unchanged").isEqualTo(LOCATION);
    }

    /** Returns the canonical form of a YAML file, without the MOU schema check that these fragments would fail. */
    private static byte[] canonical(Path file) throws IOException {
        JsonNode tree = YAMLMapper.builder().build().readTree(Files.readString(file));
        return MouCanonicalForm.of(tree);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }
}
