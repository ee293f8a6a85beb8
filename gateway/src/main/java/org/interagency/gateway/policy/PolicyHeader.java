package org.interagency.gateway.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.interagency.gateway.consent.ConsentDigest;
import org.interagency.gateway.consent.ConsentProvisions;

/**
 * The policy facts a message carries in its MessageHeader, as FHIR extensions of this
 * project: the purpose of use (set by the sending agency system), and the MOU versions and
 * Consents the decision relied on (set by the sending gateway). A carried Consent travels as
 * a Bundle entry, so the receiving gateway can evaluate the same provisions. docs/policy.md
 * shows the wire form.
 */
public final class PolicyHeader {

    private static final String BASE = "http://interagency.example.org/fhir/StructureDefinition/";

    /** Extension: the purpose of use, a Coding of {@link #PURPOSE_SYSTEM}. */
    public static final String PURPOSE_URL = BASE + "purpose-of-use";
    /** Extension: one MOU the message relies on, with sub-extensions mou, version and digest. */
    public static final String MOU_BINDING_URL = BASE + "mou-binding";
    /** Extension: one Consent the message relies on, with sub-extensions consent (Reference) and digest. */
    public static final String CONSENT_REFERENCE_URL = BASE + "consent-reference";
    /** Code system of the purposes of use. */
    public static final String PURPOSE_SYSTEM = "http://interagency.example.org/fhir/CodeSystem/purpose-of-use";
    /** Codes of {@link #PURPOSE_SYSTEM}, in the order the county protocols list them. */
    public static final List<String> PURPOSES = List.of("treatment", "safety-planning", "investigation", "prosecution",
            "placement", "court", "statistics");

    /** A Consent reference of the MessageHeader and the entry it points to, if the Bundle holds it. */
    public record CarriedConsent(String fullUrl, String digest, Consent consent) {
    }

    private PolicyHeader() {
    }

    /** Returns the purpose of use code, if the MessageHeader has one. */
    public static Optional<String> purpose(Bundle bundle) {
        Extension extension = header(bundle).getExtensionByUrl(PURPOSE_URL);
        if (extension == null || !(extension.getValue() instanceof Coding coding)) {
            return Optional.empty();
        }
        return Optional.ofNullable(coding.getCode());
    }

    /** Sets the purpose of use, replacing one already there. */
    public static void setPurpose(Bundle bundle, String purpose) {
        MessageHeader header = header(bundle);
        header.getExtension().removeIf(extension -> PURPOSE_URL.equals(extension.getUrl()));
        header.addExtension(PURPOSE_URL, new Coding(PURPOSE_SYSTEM, purpose, null));
    }

    /** Returns the MOU versions the MessageHeader names. */
    public static List<MouBinding> bindings(Bundle bundle) {
        List<MouBinding> bindings = new ArrayList<>();
        for (Extension binding : header(bundle).getExtensionsByUrl(MOU_BINDING_URL)) {
            String mou = text(binding, "mou");
            Extension version = binding.getExtensionByUrl("version");
            String digest = text(binding, "digest");
            if (mou != null && digest != null && version != null && version.getValue() instanceof IntegerType number) {
                bindings.add(new MouBinding(mou, number.getValue(), digest));
            }
        }
        return bindings;
    }

    /** Returns the Consents the MessageHeader references, each with its entry when the Bundle holds it. */
    public static List<CarriedConsent> consents(Bundle bundle) {
        List<CarriedConsent> carried = new ArrayList<>();
        for (Extension reference : header(bundle).getExtensionsByUrl(CONSENT_REFERENCE_URL)) {
            Extension consent = reference.getExtensionByUrl("consent");
            String url = consent != null && consent.getValue() instanceof Reference target ? target.getReference() : null;
            Consent entry = bundle.getEntry().stream()
                    .filter(e -> e.getFullUrl() != null && e.getFullUrl().equals(url) && e.getResource() instanceof Consent)
                    .map(e -> (Consent) e.getResource())
                    .findFirst()
                    .orElse(null);
            carried.add(new CarriedConsent(url, text(reference, "digest"), entry));
        }
        return carried;
    }

    /** Returns the fullUrls of the entries the MessageHeader references as Consents. */
    public static Set<String> consentUrls(Bundle bundle) {
        return consents(bundle).stream().map(CarriedConsent::fullUrl).collect(Collectors.toSet());
    }

    /**
     * Writes the MOU versions and Consents of a decision into the Bundle: one mou-binding
     * extension per MOU, and per Consent a consent-reference extension and an entry
     * {@code urn:uuid:<consent id>}. Earlier bindings, references and their entries are replaced.
     */
    public static void stamp(Bundle bundle, List<MouBinding> bindings, List<Consent> consents) {
        MessageHeader header = header(bundle);
        Set<String> earlier = consentUrls(bundle);
        bundle.getEntry().removeIf(entry -> earlier.contains(entry.getFullUrl()));
        header.getExtension().removeIf(extension -> MOU_BINDING_URL.equals(extension.getUrl()));
        header.getExtension().removeIf(extension -> CONSENT_REFERENCE_URL.equals(extension.getUrl()));

        for (MouBinding binding : bindings) {
            Extension extension = header.addExtension().setUrl(MOU_BINDING_URL);
            extension.addExtension("mou", new StringType(binding.mouId()));
            extension.addExtension("version", new IntegerType(binding.version()));
            extension.addExtension("digest", new StringType(binding.digest()));
        }
        for (Consent consent : consents) {
            String fullUrl = "urn:uuid:" + ConsentProvisions.id(consent);
            Extension extension = header.addExtension().setUrl(CONSENT_REFERENCE_URL);
            extension.addExtension("consent", new Reference(fullUrl));
            extension.addExtension("digest", new StringType(ConsentDigest.of(consent)));
            bundle.addEntry().setFullUrl(fullUrl).setResource(consent.copy());
        }
    }

    /** Returns the MessageHeader, the first entry of every message Bundle. */
    public static MessageHeader header(Bundle bundle) {
        return (MessageHeader) bundle.getEntryFirstRep().getResource();
    }

    private static String text(Extension parent, String url) {
        Extension child = parent.getExtensionByUrl(url);
        return child == null || child.getValue() == null ? null : child.getValue().primitiveValue();
    }
}
