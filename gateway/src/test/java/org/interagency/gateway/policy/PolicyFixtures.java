package org.interagency.gateway.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.interagency.gateway.consent.ConsentProvisions;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;

/**
 * Synthetic agencies, MOUs, messages and Consents for the policy tests. The MOUs are the demo
 * configuration's three, read from config/demo, plus test agreements for the exchanges the
 * demo does not cover (missing-youth alerts from providers, aggregate reports) and for
 * inactive agreements.
 */
final class PolicyFixtures {

    /** The day every decision is made on. */
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    static final String YOUTH_SYSTEM = "urn:interagency:youth:alameda";
    static final String YOUTH = "ALA-Y-0001";

    static final Directory DIRECTORY = new Directory("test-network", List.of(
            county("alameda", "juvenile-hall", "probation", "child-welfare", "victim-advocacy", "sheriff:law-enforcement",
                    "district-attorney", "youth-center:community-provider"),
            county("contra-costa", "juvenile-hall", "probation", "child-welfare", "victim-advocacy",
                    "sheriff:law-enforcement", "district-attorney")),
            List.of());

    private PolicyFixtures() {
    }

    /** Returns the agency with {@code id}. */
    static Agency agency(String id) {
        return DIRECTORY.agency(id).orElseThrow(() -> new IllegalArgumentException("no test agency " + id));
    }

    /** Loads the demo MOUs as if every party had signed them, plus the test agreements. */
    static MouRepository mous(Path temporaryFolder) {
        List<SignedMou> all = new ArrayList<>();
        for (SignedMou demo : MouRepository.load(demoMous(temporaryFolder), DIRECTORY).all()) {
            all.add(signedByAll(demo.mou(), demo.digest()));
        }
        all.add(signedByAll(missingYouthMou(), "sha256:missing-youth"));
        all.add(signedByAll(aggregateMou(), "sha256:aggregate"));
        all.add(signedByAll(testimonyMou("mou-expired-yesterday", TODAY.minusYears(1), TODAY.minusDays(1)), "sha256:expired"));
        all.add(signedByAll(testimonyMou("mou-starts-tomorrow", TODAY.plusDays(1), TODAY.plusYears(1)), "sha256:tomorrow"));
        Mou oneSignature = new Mou("mou-one-signature", 1, "Court identity checks (test)",
                List.of("alameda.probation", "contra-costa.probation"), TODAY.minusYears(1), TODAY.plusYears(1),
                List.of(clause("identity-checks", List.of(kind("probation", "alameda")), List.of(kind("probation", "contra-costa")),
                        "identity-verification", List.of("court"), List.of("identity"), notRequired())));
        all.add(new SignedMou(oneSignature, Path.of("mou-one-signature.yml"), "sha256:one", List.of("alameda.probation")));
        return new MouRepository(all);
    }

    static SignedMou signedByAll(Mou mou, String digest) {
        return new SignedMou(mou, Path.of(mou.id() + ".yml"), digest, mou.parties());
    }

    /** Copies the demo MOU files, without any signature folders a local demo run left, into a fresh folder. */
    private static Path demoMous(Path temporaryFolder) {
        Path source = projectHome().resolve("config/demo/alameda/mous");
        Path target = temporaryFolder.resolve("demo-mous");
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(target);
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yml")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static Mou missingYouthMou() {
        List<PartySelector> senders = List.of(kind("community-provider", "alameda"), kind("child-welfare", "alameda"));
        List<PartySelector> recipients = List.of(kind("law-enforcement", "alameda", "contra-costa"));
        return new Mou("mou-missing-youth", 1, "Missing-youth alerts (test)",
                List.of("alameda.youth-center", "alameda.child-welfare", "alameda.sheriff", "contra-costa.sheriff"),
                TODAY.minusYears(1), TODAY.plusYears(1), List.of(
                        clause("minimal-alert", senders, recipients, "missing-youth-alert", List.of("safety-planning", "investigation"),
                                List.of("identity", "missing-report", "organization"), notRequired()),
                        clause("details-with-consent", senders, recipients, "missing-youth-alert", List.of("safety-planning"),
                                List.of("mental-health", "case"), new ConsentRule(ConsentRule.REQUIRED, null))));
    }

    private static Mou aggregateMou() {
        return new Mou("mou-aggregate-reports", 1, "Aggregate referral counts (test)",
                List.of("alameda.probation", "alameda.child-welfare"), TODAY.minusYears(1), TODAY.plusYears(1),
                List.of(clause("counts", List.of(kind("probation", "alameda")), List.of(new PartySelector("alameda.child-welfare", null, null)),
                        "aggregate-report", List.of("statistics"), List.of("aggregate"), notRequired())));
    }

    private static Mou testimonyMou(String id, LocalDate effective, LocalDate expires) {
        return new Mou(id, 4, "Testimony travel (test)", List.of("alameda.district-attorney", "contra-costa.victim-advocacy"),
                effective, expires, List.of(clause("travel", List.of(kind("district-attorney", "alameda")),
                        List.of(kind("victim-advocacy", "contra-costa")), "testimony-travel", List.of("prosecution"),
                        List.of("identity", "safety-plan"), notRequired())));
    }

    static MouClause clause(String id, List<PartySelector> senders, List<PartySelector> recipients, String type,
            List<String> purposes, List<String> classes, ConsentRule rule) {
        return new MouClause(id, senders, recipients, List.of(type), purposes, classes, rule, false, 30);
    }

    static ConsentRule notRequired() {
        return new ConsentRule(ConsentRule.NOT_REQUIRED, "Test text: the authority of the test agreement");
    }

    static PartySelector kind(String kind, String... counties) {
        return new PartySelector(null, kind, Arrays.asList(counties));
    }

    /** Returns the label of a data class: a v3 code where one exists, else the project code. */
    static Coding label(String dataClass) {
        return DataClasses.label(dataClass);
    }

    /** Builds a message Bundle: the focus first, the youth, then further entries. */
    static final class MessageBuilder {
        private final Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        private final MessageHeader header = new MessageHeader();
        private final String youthUrl = "urn:uuid:00000000-0000-4000-8000-000000000001";
        private int next = 2;

        MessageBuilder(String exchangeType, String sender) {
            header.setEvent(new Coding("http://interagency.example.org/fhir/CodeSystem/exchange-type", exchangeType, null));
            header.getSender().setIdentifier(new Identifier().setSystem("urn:interagency:agency").setValue(sender));
            bundle.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-000000000000").setResource(header);
        }

        /** Adds the focus and the youth it is about; the focus gets {@code labels}. */
        MessageBuilder focus(String type, Coding... labels) {
            String url = add(type, labels);
            header.addFocus(new Reference(url));
            Patient youth = new Patient();
            youth.addIdentifier().setSystem(YOUTH_SYSTEM).setValue(YOUTH);
            bundle.addEntry().setFullUrl(youthUrl).setResource(youth);
            return this;
        }

        /** Adds the focus only, for messages about no youth such as aggregate reports. */
        MessageBuilder focusWithoutYouth(String type, Coding... labels) {
            header.addFocus(new Reference(add(type, labels)));
            return this;
        }

        MessageBuilder with(String type, Coding... labels) {
            add(type, labels);
            return this;
        }

        /** Labels the youth's Patient resource. */
        MessageBuilder youthLabelled(Coding... labels) {
            bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow()
                    .getResource().getMeta().getSecurity().addAll(List.of(labels));
            return this;
        }

        Bundle build() {
            return bundle;
        }

        private String add(String type, Coding... labels) {
            String url = String.format("urn:uuid:00000000-0000-4000-8000-%012d", next++);
            Resource resource = resource(type);
            resource.setId(url.substring("urn:uuid:".length()));
            resource.getMeta().getSecurity().addAll(List.of(labels));
            bundle.addEntry().setFullUrl(url).setResource(resource);
            return url;
        }

        private Resource resource(String type) {
            Reference youth = new Reference(youthUrl);
            return switch (type) {
                case "Encounter" -> new Encounter().setSubject(youth);
                case "Observation" -> new Observation().setSubject(youth);
                case "Condition" -> new Condition().setSubject(youth);
                case "Flag" -> new Flag().setSubject(youth);
                case "CarePlan" -> new CarePlan().setSubject(youth);
                case "ServiceRequest" -> new ServiceRequest().setSubject(youth);
                case "Communication" -> new Communication().setSubject(youth);
                case "Location" -> new Location();
                case "Organization" -> new Organization();
                case "MeasureReport" -> new MeasureReport();
                case "Patient" -> new Patient();
                case "Device" -> new Device();
                default -> throw new IllegalArgumentException("no test resource of type " + type);
            };
        }
    }

    /** Builds a Consent of the test youth, obtained by {@code obtainedBy}. */
    static final class ConsentBuilder {
        private final Consent consent = new Consent();

        ConsentBuilder(String id, String obtainedBy, Consent.ConsentProvisionType type) {
            consent.setId(id);
            consent.setStatus(Consent.ConsentState.ACTIVE);
            consent.getPatient().setIdentifier(new Identifier().setSystem(YOUTH_SYSTEM).setValue(YOUTH));
            consent.addOrganization().setIdentifier(new Identifier().setSystem(ConsentProvisions.AGENCY_SYSTEM).setValue(obtainedBy));
            consent.getProvision().setType(type);
            // The elements FHIR R4 requires, so a carried Consent passes the receiver's validation.
            consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope").setCode("patient-privacy");
            consent.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
            consent.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("OPTIN");
        }

        ConsentBuilder toKind(String kind) {
            consent.getProvision().addActor().getReference()
                    .setIdentifier(new Identifier().setSystem(ConsentProvisions.AGENCY_KIND_SYSTEM).setValue(kind));
            return this;
        }

        ConsentBuilder toAgency(String agency) {
            consent.getProvision().addActor().getReference()
                    .setIdentifier(new Identifier().setSystem(ConsentProvisions.AGENCY_SYSTEM).setValue(agency));
            return this;
        }

        ConsentBuilder purpose(String purpose) {
            consent.getProvision().addPurpose(new Coding(PolicyHeader.PURPOSE_SYSTEM, purpose, null));
            return this;
        }

        ConsentBuilder classes(String... dataClasses) {
            Arrays.stream(dataClasses).forEach(c -> consent.getProvision().addSecurityLabel(label(c)));
            return this;
        }

        ConsentBuilder until(LocalDate end) {
            consent.getProvision().setPeriod(new Period().setEnd(Date.valueOf(end)));
            return this;
        }

        /** Adds a nested deny of {@code dataClass} for the agency {@code agency}. */
        ConsentBuilder exceptDenied(String agency, String dataClass) {
            Consent.ProvisionComponent nested = consent.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY);
            nested.addActor().getReference().setIdentifier(new Identifier().setSystem(ConsentProvisions.AGENCY_SYSTEM).setValue(agency));
            nested.addSecurityLabel(label(dataClass));
            return this;
        }

        ConsentBuilder inactive() {
            consent.setStatus(Consent.ConsentState.INACTIVE);
            return this;
        }

        ConsentBuilder forOtherYouth() {
            consent.getPatient().getIdentifier().setValue("ALA-Y-9999");
            return this;
        }

        Consent build() {
            return consent;
        }
    }

    private static County county(String id, String... agencies) {
        List<Agency> list = new ArrayList<>();
        for (String spec : agencies) {
            String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            String kind = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : spec;
            list.add(new Agency(id + "." + name, id + " " + name + " (test)", kind, id, true));
        }
        return new County(id, id, URI.create("https://" + id + ".example.org:8443"), List.of(), list);
    }

    private static Path projectHome() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/demo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/demo not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
