package org.interagency.gateway.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.envelope.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed pseudonym of a youth: HMAC-SHA256, under the county's secret key, of the youth's
 * identifiers. Each identifier is normalised to {@code system|value} (system and value trimmed,
 * system lowercased), the set is sorted and joined with line feeds. The same identifiers give
 * the same pseudonym on this gateway, so an officer can list one youth's disclosures, while
 * the ledger contains no identifier. Without the key the pseudonym cannot be recomputed from a
 * guessed identifier.
 */
public final class SubjectPseudonym {

    private static final Logger log = LoggerFactory.getLogger(SubjectPseudonym.class);

    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    /** Creates the pseudonym function with a secret key of at least 32 bytes. */
    public SubjectPseudonym(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "the subject pseudonym key has " + key.length
                    + " bytes; it needs at least " + KEY_BYTES);
        }
        this.key = key.clone();
    }

    /**
     * Reads the key file (hex), or creates it with a new random key when it is missing and
     * {@code createIfMissing} is set. The file is written readable by its owner only.
     */
    public static SubjectPseudonym fromKeyFile(Path file, boolean createIfMissing) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, "the subject pseudonym key file " + file
                            + " does not exist; restore it from the county's backup or correct gateway.ledger.pseudonym-key-file");
                }
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                KeyMaterial.writeOwnerOnly(file, HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII));
                log.warn("created a new subject pseudonym key in {}; back it up, because without it a youth's "
                        + "earlier disclosures can no longer be listed", file);
            }
            String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return new SubjectPseudonym(HexFormat.of().parseHex(hex));
        } catch (IOException | IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, "the subject pseudonym key file " + file
                    + " could not be read as hex (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Returns the pseudonym of the identifiers, given as {@code system|value} strings, or null
     * when there are none.
     *
     * @throws GatewayException INVALID_PARAMETER if an identifier lacks the {@code |} or a part
     */
    public String of(Collection<String> identifiers) {
        Set<String> normalised = new TreeSet<>();
        for (String identifier : identifiers) {
            int bar = identifier.indexOf('|');
            if (bar <= 0 || bar == identifier.length() - 1) {
                throw new GatewayException(ErrorCode.INVALID_PARAMETER, "a subject identifier must have the form "
                        + "system|value, such as http://example.org/fhir/sid/youth|CC-2026-0001");
            }
            normalised.add(normalise(identifier.substring(0, bar), identifier.substring(bar + 1)));
        }
        if (normalised.isEmpty()) {
            return null;
        }
        return hmac(String.join("\n", normalised));
    }

    /**
     * Returns the pseudonym of the youth a message is about, or null when that youth has no
     * identifier. The subject is each Patient that the MessageHeader focus names, directly or as
     * the subject or patient of a focus resource. Without such a Patient, every Patient of the
     * Bundle is the subject.
     */
    public String ofMessage(Bundle bundle) {
        List<Patient> patients = subjectPatients(bundle);
        List<String> identifiers = new ArrayList<>();
        for (Patient patient : patients) {
            for (Identifier identifier : patient.getIdentifier()) {
                if (identifier.hasSystem() && identifier.hasValue()) {
                    identifiers.add(identifier.getSystem() + "|" + identifier.getValue());
                }
            }
        }
        return of(identifiers);
    }

    private static List<Patient> subjectPatients(Bundle bundle) {
        List<Patient> focused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Resource first = bundle.getEntryFirstRep().getResource();
        if (first instanceof MessageHeader header) {
            for (Reference focus : header.getFocus()) {
                Resource resource = resolve(bundle, focus);
                if (resource instanceof Patient patient) {
                    addOnce(focused, seen, patient);
                } else if (resource != null) {
                    for (String property : List.of("subject", "patient")) {
                        if (resource.getNamedProperty(property) != null) {
                            resource.getNamedProperty(property).getValues().stream()
                                    .filter(Reference.class::isInstance)
                                    .map(value -> resolve(bundle, (Reference) value))
                                    .filter(Patient.class::isInstance)
                                    .forEach(patient -> addOnce(focused, seen, (Patient) patient));
                        }
                    }
                }
            }
        }
        if (!focused.isEmpty()) {
            return focused;
        }
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast).toList();
    }

    private static void addOnce(List<Patient> patients, Set<String> seen, Patient patient) {
        if (seen.add(patient.getIdElement().getIdPart() + "@" + System.identityHashCode(patient))) {
            patients.add(patient);
        }
    }

    private static Resource resolve(Bundle bundle, Reference reference) {
        String target = reference.getReference();
        if (target == null) {
            return null;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            String relative = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            if (target.equals(entry.getFullUrl()) || target.equals(relative)) {
                return resource;
            }
        }
        return null;
    }

    private static String normalise(String system, String value) {
        return system.trim().toLowerCase(java.util.Locale.ROOT) + "|" + value.trim();
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from the Java runtime", e);
        }
    }
}
