package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.consent.ConsentStore;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.policy.ConsentRule;
import org.interagency.gateway.policy.Mou;
import org.interagency.gateway.policy.MouClause;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PartySelector;
import org.interagency.gateway.policy.PolicyDeniedException;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.policy.PolicyProperties;
import org.interagency.gateway.policy.SignedMou;
import org.interagency.gateway.testing.MigratedDatabase;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The delivery step's second policy check with a real consent store and ledger: a Consent
 * revoked while the sealed envelope waits in the outbound queue stops it before posting, as
 * a denial that is not retried.
 */
class DeliveryPolicyRecheckTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
    private static final String MESSAGE = "5b8e2c1a-7d3f-4e9a-8b6c-0f1e2d3c4b5a";
    private static final List<String> RECIPIENTS = List.of("contra-costa.probation", "contra-costa.child-welfare");
    private static final SignedMou PROTOCOL = new SignedMou(new Mou("mou-protocol", 2, "Protocol (test)",
            List.of("alameda.juvenile-hall", "contra-costa.probation"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
            List.of(new MouClause("notices", List.of(new PartySelector("alameda.juvenile-hall", null, null)),
                    List.of(new PartySelector(null, "probation", List.of("contra-costa"))), List.of("detention-notice"),
                    List.of("safety-planning"), List.of("identity"), new ConsentRule(ConsentRule.REQUIRED, null), false, 30))),
            Path.of("mou-protocol.yml"), "sha256:protocol", List.of("alameda.juvenile-hall", "contra-costa.probation"));

    private final DataSource dataSource = MigratedDatabase.dataSource();
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ConsentStore consents = new ConsentStore(jdbc, clock);
    private final MessageTracker tracker = new MessageTracker(jdbc, clock);
    private final Ledger ledger = new Ledger(jdbc, new DataSourceTransactionManager(dataSource), "alameda", clock);
    private final Delivery delivery = new Delivery(null, null, tracker, ledger, 3,
            new PolicyEngine(new MouRepository(List.of(PROTOCOL)), new PolicyProperties().dataClasses()), consents, clock);

    @Test
    void activeConsentPassesRecheck() throws IOException {
        Exchange exchange = queuedEnvelope(recordConsent());

        delivery.recheckPolicy(exchange);

        assertThat(ledger.entriesFor(MESSAGE)).isEmpty();
    }

    @Test
    void consentRevokedInQueueFailsWithoutRetry() throws Exception {
        String consentId = recordConsent();
        Exchange exchange = queuedEnvelope(consentId);

        consents.revoke(consentId);

        assertThatThrownBy(() -> delivery.recheckPolicy(exchange)).isInstanceOfSatisfying(PolicyDeniedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONSENT_REVOKED));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, catchDenial(exchange));
        delivery.failOrRetry(exchange);

        assertThat(tracker.find(MESSAGE).orElseThrow().recipients()).allSatisfy(recipient -> {
            assertThat(recipient.state()).isEqualTo(DeliveryState.FAILED);
            assertThat(recipient.reasonCode()).isEqualTo("CONSENT_REVOKED");
        });
        List<LedgerEntry> rows = ledger.entriesFor(MESSAGE);
        assertThat(rows).extracting(LedgerEntry::event).containsOnly(LedgerEvent.DENIED);
        assertThat(rows).extracting(LedgerEntry::recipientAgency).containsExactlyInAnyOrderElementsOf(RECIPIENTS);
        assertThat(rows).extracting(LedgerEntry::reasonCode).containsOnly("CONSENT_REVOKED");
    }

    @Test
    void mouReplacedInQueueFails() {
        Exchange exchange = queuedEnvelope("");
        exchange.getMessage().setHeader(Headers.MOU_BINDINGS, "mou-protocol/v1@sha256:an-older-version");

        assertThatThrownBy(() -> delivery.recheckPolicy(exchange)).isInstanceOfSatisfying(PolicyDeniedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MOU_INACTIVE));
    }

    private Exception catchDenial(Exchange exchange) {
        try {
            delivery.recheckPolicy(exchange);
            throw new AssertionError("the recheck passed");
        } catch (PolicyDeniedException e) {
            return e;
        }
    }

    private Exchange queuedEnvelope(String consentIds) {
        tracker.accept(MESSAGE, "detention-notice", "alameda.juvenile-hall", "sha256:payload", List.of(
                new Agency(RECIPIENTS.get(0), "Probation", "probation", "contra-costa", true),
                new Agency(RECIPIENTS.get(1), "Child welfare", "child-welfare", "contra-costa", true)));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeaders(new HashMap<>(Map.of(
                Headers.MESSAGE_ID, MESSAGE,
                Headers.EXCHANGE_TYPE, "detention-notice",
                Headers.SENDER_AGENCY, "alameda.juvenile-hall",
                Headers.RECIPIENT_COUNTY, "contra-costa",
                Headers.RECIPIENTS, String.join(",", RECIPIENTS),
                Headers.ENVELOPE_DIGEST, "sha256:envelope",
                Headers.MOU_BINDINGS, PROTOCOL.binding().toString(),
                Headers.CONSENT_IDS, consentIds)));
        return exchange;
    }

    private String recordConsent() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("examples/consent/mental-health-screening.json")) {
            Consent consent = FhirContext.forR4Cached().newJsonParser()
                    .parseResource(Consent.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return consents.record(consent, "alameda.juvenile-hall");
        }
    }
}
