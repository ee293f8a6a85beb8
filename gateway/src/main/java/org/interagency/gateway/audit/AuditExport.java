package org.interagency.gateway.audit;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;

/**
 * Writes ledger entries as CSV or as a FHIR Bundle of AuditEvent resources. A disclosure at
 * the sending gateway follows the IHE BALP profile PrivacyDisclosure.Source (DICOM 110106
 * Export), and one at the receiving gateway PrivacyDisclosure.Recipient (DICOM 110107 Import);
 * both carry the ISO 21089 subtype {@code disclose}. Other entries are plain AuditEvents typed
 * with the gateway's event code. The youth appears only as the pseudonym identifier, never by
 * name, as in the ledger.
 */
public final class AuditExport {

    /** Header of the CSV form; the columns are the ledger's fields in order. */
    public static final String CSV_HEADER = "seq,recorded_at,gateway,event,message_id,exchange_type,sender_agency,"
            + "recipient_agency,decision,reason_code,mou_clause,payload_digest,actor,consent_ids,subject_pseudonym,"
            + "purpose,previous_hash,entry_hash";

    static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String LIFECYCLE = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String EVENT_SYSTEM = "http://interagency.example.org/fhir/CodeSystem/ledger-event";
    static final String PSEUDONYM_SYSTEM = "http://interagency.example.org/fhir/sid/subject-pseudonym";
    static final String AGENCY_SYSTEM = "urn:interagency:agency";
    static final String EXCHANGE_TYPES = "http://interagency.example.org/fhir/CodeSystem/exchange-type";

    private static final Set<LedgerEvent> SOURCE_DISCLOSURES = Set.of(LedgerEvent.SENT, LedgerEvent.AUTOMATIC_REFERRAL);
    private static final Set<LedgerEvent> RECIPIENT_DISCLOSURES = Set.of(LedgerEvent.DELIVERED);

    private AuditExport() {
    }

    /**
     * Returns the entries in {@code format}: {@code csv} or {@code fhir}.
     *
     * @throws GatewayException INVALID_PARAMETER for another format
     */
    public static String render(FhirContext fhir, String format, List<LedgerEntry> entries) {
        if (format.equals("csv")) {
            java.io.StringWriter csv = new java.io.StringWriter();
            writeCsv(entries, csv);
            return csv.toString();
        }
        if (format.equals("fhir")) {
            return fhirBundle(fhir, entries);
        }
        throw new GatewayException(ErrorCode.INVALID_PARAMETER, "format '" + format + "' is not supported; give csv or fhir");
    }

    /** Writes one CSV line per entry (RFC 4180 quoting), after the header. */
    public static void writeCsv(Iterable<LedgerEntry> entries, Writer out) {
        try {
            out.write(CSV_HEADER + "\r\n");
            for (LedgerEntry entry : entries) {
                out.write(csvLine(entry) + "\r\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns one entry as a CSV line without the line break. */
    public static String csvLine(LedgerEntry e) {
        List<String> fields = List.of(String.valueOf(e.seq()), e.recordedAt().toString(), e.gateway(), e.event().name(),
                nullSafe(e.messageId()), nullSafe(e.exchangeType()), nullSafe(e.senderAgency()),
                nullSafe(e.recipientAgency()), e.decision().name(), nullSafe(e.reasonCode()), nullSafe(e.mouClause()),
                nullSafe(e.payloadDigest()), nullSafe(e.actor()), nullSafe(e.consentIds()), nullSafe(e.subjectPseudonym()),
                nullSafe(e.purpose()), e.previousHash(), e.entryHash());
        return String.join(",", fields.stream().map(AuditExport::quote).toList());
    }

    /** Returns the entries as a FHIR Bundle of type collection, encoded as JSON. */
    public static String fhirBundle(FhirContext fhir, List<LedgerEntry> entries) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(new Date());
        for (LedgerEntry entry : entries) {
            AuditEvent event = auditEvent(entry);
            bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes(entry.entryHash().getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII))).setResource(event);
        }
        return fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
    }

    /** Returns the AuditEvent of one ledger entry. */
    public static AuditEvent auditEvent(LedgerEntry entry) {
        AuditEvent event = new AuditEvent();
        event.setId(entry.gateway() + "-" + entry.seq());
        event.setRecorded(Date.from(entry.recordedAt()));
        event.setOutcome(entry.decision() == Decision.PERMIT ? AuditEvent.AuditEventOutcome._0
                : entry.decision() == Decision.DENY ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._8);
        if (entry.reasonCode() != null) {
            event.setOutcomeDesc(entry.reasonCode());
        }
        event.getSource().setObserver(new Reference().setDisplay("gateway " + entry.gateway()))
                .setSite(entry.gateway())
                .addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
        event.addSubtype(new Coding(EVENT_SYSTEM, entry.event().name(), null));

        boolean source = SOURCE_DISCLOSURES.contains(entry.event());
        boolean recipient = RECIPIENT_DISCLOSURES.contains(entry.event());
        if (source || recipient) {
            event.getMeta().addProfile(BALP + (source ? "PrivacyDisclosure.Source" : "PrivacyDisclosure.Recipient"));
            event.setType(source ? new Coding(DICOM, "110106", "Export") : new Coding(DICOM, "110107", "Import"));
            event.addSubtype(new Coding(LIFECYCLE, "disclose", "Disclose Record Lifecycle Event"));
            event.setAction(source ? AuditEvent.AuditEventAction.R : AuditEvent.AuditEventAction.C);
        } else {
            event.setType(new Coding(EVENT_SYSTEM, entry.event().name(), null));
            event.setAction(AuditEvent.AuditEventAction.E);
        }

        addAgent(event, entry.senderAgency(), DICOM, "110153", "Source Role ID");
        addAgent(event, entry.recipientAgency(), DICOM, "110152", "Destination Role ID");
        if (entry.actor() != null) {
            event.addAgent().setRequestor(true).setWho(new Reference().setDisplay(entry.actor()));
        }
        if (entry.purpose() != null) {
            event.addPurposeOfEvent(new CodeableConcept(new Coding(null, entry.purpose(), null)));
        }

        if (entry.subjectPseudonym() != null) {
            event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem(PSEUDONYM_SYSTEM)
                            .setValue(entry.subjectPseudonym())))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (entry.messageId() != null) {
            AuditEvent.AuditEventEntityComponent message = event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                            .setValue("urn:uuid:" + entry.messageId())))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
            if (entry.exchangeType() != null) {
                message.setName(entry.exchangeType());
            }
            if (entry.mouClause() != null) {
                message.addDetail().setType("mou-clause").setValue(new org.hl7.fhir.r4.model.StringType(entry.mouClause()));
            }
            if (entry.consentIds() != null) {
                message.addDetail().setType("consent-ids").setValue(new org.hl7.fhir.r4.model.StringType(entry.consentIds()));
            }
            if (entry.payloadDigest() != null) {
                message.addDetail().setType("payload-digest").setValue(new org.hl7.fhir.r4.model.StringType(entry.payloadDigest()));
            }
        }
        event.addEntity().setWhat(new Reference().setDisplay("ledger entry " + entry.seq()))
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .addDetail().setType("entry-hash").setValue(new org.hl7.fhir.r4.model.StringType(entry.entryHash()));
        return event;
    }

    private static void addAgent(AuditEvent event, String agency, String system, String code, String display) {
        if (agency == null) {
            return;
        }
        event.addAgent()
                .setType(new CodeableConcept(new Coding(system, code, display)))
                .setRequestor(false)
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(AGENCY_SYSTEM).setValue(agency)));
    }

    private static String nullSafe(String value) {
        return value == null ? "" : value;
    }

    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
