package org.interagency.gateway.consent;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The youth consents recorded at this gateway, in table {@code consent_record}. A revoked
 * Consent stays, with status inactive, so the ledger's references to it still resolve.
 */
public class ConsentStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    public ConsentStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores a checked Consent obtained by {@code agency} under a new id, which it sets on the Consent and returns. */
    public String record(Consent consent, String agency) {
        String id = UUID.randomUUID().toString();
        consent.setId(id);
        Identifier subject = consent.getPatient().getIdentifier();

        jdbc.sql("""
                INSERT INTO consent_record (id, agency, subject_system, subject_value, status, digest, resource, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id, agency, subject.getSystem(), subject.getValue(), consent.getStatus().toCode(),
                        ConsentDigest.of(consent), encode(consent), Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** Returns the Consent with {@code id} and the agency that obtained it. */
    public Optional<StoredConsent> find(String id) {
        return jdbc.sql("SELECT agency, resource FROM consent_record WHERE id = ?")
                .param(id)
                .query((row, number) -> new StoredConsent(row.getString("agency"), decode(row.getString("resource"))))
                .optional();
    }

    /** Marks the Consent inactive and returns it as now stored. */
    public Consent revoke(String id) {
        Consent consent = find(id).orElseThrow().consent();
        consent.setStatus(Consent.ConsentState.INACTIVE);

        jdbc.sql("UPDATE consent_record SET status = ?, resource = ?, revoked_at = ? WHERE id = ?")
                .params(consent.getStatus().toCode(), encode(consent), Timestamp.from(clock.instant()), id)
                .update();
        return consent;
    }

    /** Returns whether the Consent exists and is active. */
    public boolean isActive(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM consent_record WHERE id = ? AND status = 'active'")
                .param(id).query(Integer.class).single() > 0;
    }

    /** Returns the active Consents obtained by {@code agency} about a youth with one of the {@code system|value} identifiers. */
    public List<Consent> activeFor(String agency, Collection<String> subjectIdentifiers) {
        List<Consent> consents = new ArrayList<>();
        for (String identifier : subjectIdentifiers) {
            int bar = identifier.indexOf('|');
            consents.addAll(jdbc.sql("""
                    SELECT resource FROM consent_record
                    WHERE agency = ? AND subject_system = ? AND subject_value = ? AND status = 'active' ORDER BY recorded_at
                    """)
                    .params(agency, identifier.substring(0, bar), identifier.substring(bar + 1))
                    .query((row, number) -> decode(row.getString("resource")))
                    .list());
        }
        return consents;
    }

    private String encode(Consent consent) {
        return fhir.newJsonParser().encodeResourceToString(consent);
    }

    private Consent decode(String json) {
        return fhir.newJsonParser().parseResource(Consent.class, json);
    }

    /** A stored Consent and the agency that obtained it. */
    public record StoredConsent(String agency, Consent consent) {
    }
}
