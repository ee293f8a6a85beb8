package org.interagency.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerVerifier;
import org.interagency.gateway.ledger.VerificationReport;
import org.interagency.gateway.testing.DemoExchange;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The compliance API on the two test gateways, with the development client certificates. */
class AuditApiIT {

    private static final String SENDER = DemoExchange.SENDER;
    private static final List<String> RECIPIENTS = DemoExchange.RECIPIENTS;
    private static final String YOUTH_SYSTEM = DemoExchange.YOUTH_SYSTEM;
    private static final String DEMO_YOUTH = DemoExchange.DEMO_YOUTH;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway alameda;
    private TestGateway contraCosta;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
        contraCosta = pair.contraCosta();
    }

    @Test
    void agencySystemIsForbiddenEveryAuditEndpoint() {
        for (String path : List.of("/api/v1/audit", "/api/v1/audit?_count=1", "/api/v1/audit/disclosures?subject=a%7Cb",
                "/api/v1/audit/verify", "/api/v1/audit/export?format=csv", "/api/v1/audit/export?format=fhir",
                "/api/v1/audit/witnessed?county=contra-costa")) {
            HttpResponse<byte[]> response = alameda.get(SENDER, path);

            assertThat(response.statusCode()).as("GET %s as an agency system", path).isEqualTo(403);
            assertThat(body(response)).as(path).contains("\"FORBIDDEN\"");
        }
    }

    @Test
    void complianceOfficerSeesEveryEntry() throws Exception {
        String id = exchangeDemoMessage(DEMO_YOUTH + "-all");
        long stored = jdbc(alameda).sql("SELECT COUNT(*) FROM ledger_entry").query(Long.class).single();

        JsonNode page = getJson(alameda, "/api/v1/audit?_count=1000");
        JsonNode message = getJson(alameda, "/api/v1/audit?message=" + id);

        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(stored);
        assertThat(page.path("entries").size()).isEqualTo((int) Math.min(1000, page.path("total").asLong()));
        assertThat(message.path("entries").findValuesAsString("event"))
                .contains("ACCEPTED", "SEALED", "SENT", "RECEIPT_RECEIVED");
        assertThat(message.path("entries").findValuesAsString("recipientAgency")).containsAll(RECIPIENTS);
    }

    @Test
    void auditFiltersAndPagingApply() throws Exception {
        exchangeDemoMessage(DEMO_YOUTH + "-filters");

        JsonNode firstTwo = getJson(alameda, "/api/v1/audit?_count=2&_offset=0&decision=permit&type=detention-notice");
        JsonNode clause = getJson(alameda, "/api/v1/audit?mou=mou-two-county-csec-protocol&agency=contra-costa.probation");
        HttpResponse<byte[]> badDate = alameda.getAs(alameda.complianceOfficer(), "/api/v1/audit?from=yesterday");

        assertThat(firstTwo.path("entries").size()).isEqualTo(2);
        assertThat(firstTwo.path("entries").findValuesAsString("decision")).containsOnly("PERMIT");
        assertThat(clause.path("entries").findValuesAsString("mouClause"))
                .allSatisfy(value -> assertThat(value).startsWith("mou-two-county-csec-protocol/"));
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(body(badDate)).contains("INVALID_PARAMETER", "from 'yesterday' is not a date");
    }

    @Test
    void eachAuditUseIsRecordedWithTheOfficer() throws Exception {
        long before = headSeq(alameda);

        getJson(alameda, "/api/v1/audit?_count=1");
        getJson(alameda, "/api/v1/audit/verify");
        HttpResponse<byte[]> export = alameda.getAs(alameda.complianceOfficer(), "/api/v1/audit/export?format=csv");

        assertThat(export.statusCode()).isEqualTo(200);
        List<LedgerEntry> recorded = alameda.bean(Ledger.class).entriesFrom(before + 1, 100).stream()
                .filter(entry -> entry.event() == LedgerEvent.AUDIT_VIEWED || entry.event() == LedgerEvent.AUDIT_EXPORTED)
                .toList();
        assertThat(recorded).extracting(LedgerEntry::reasonCode).containsExactly("search", "verify", "export-csv");
        assertThat(recorded).extracting(LedgerEntry::event)
                .containsExactly(LedgerEvent.AUDIT_VIEWED, LedgerEvent.AUDIT_VIEWED, LedgerEvent.AUDIT_EXPORTED);
        assertThat(recorded).extracting(LedgerEntry::actor).containsOnly("urn:compliance-officer:alameda");
    }

    @Test
    void exportsAreCsvAndBalpAuditEvents() throws Exception {
        String id = exchangeDemoMessage(DEMO_YOUTH + "-export");

        JsonNode bundle = getJson(alameda, "/api/v1/audit/export?format=fhir&message=" + id);
        HttpResponse<byte[]> csv = alameda.getAs(alameda.complianceOfficer(), "/api/v1/audit/export?format=csv&message=" + id);

        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = body(csv).lines().toList();
        assertThat(lines.get(0)).isEqualTo(AuditExport.CSV_HEADER);
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).contains(id));
        assertThat(bundle.path("resourceType").asString()).isEqualTo("Bundle");
        assertThat(lines.get(lines.size() - 1)).as("the FHIR export, recorded with the message id")
                .contains(",AUDIT_EXPORTED,", "export-fhir");
        assertThat(bundle.path("entry").size()).isEqualTo(lines.size() - 2);
        assertThat(bundle.toString()).contains(AuditExport.BALP + "PrivacyDisclosure.Source", "\"110106\"",
                "\"disclose\"", AuditExport.PSEUDONYM_SYSTEM);
        assertThat(bundle.toString()).doesNotContain(DEMO_YOUTH, "Testperson", "2010-05-17");
    }

    @Test
    void disclosuresListDemoExchangesOnly() throws Exception {
        // The demo's message for a youth no other test uses, so the shared gateways' other
        // messages cannot appear in this youth's accounting.
        String youth = DEMO_YOUTH + "-" + Messages.newId().substring(0, 8);
        String id = exchangeDemoMessage(youth);
        exchangeDemoMessage(youth + "-other");
        String denied = Messages.newId();
        String toSheriff = Messages.withId("valid.json", denied)
                .replace("urn:point-person:contra-costa:probation", "urn:point-person:contra-costa:law-enforcement");
        HttpResponse<byte[]> rejected = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json",
                forYouth(toSheriff, youth));
        assertThat(rejected.statusCode()).isEqualTo(403);

        long before = headSeq(alameda);
        JsonNode sent = getJson(alameda, "/api/v1/audit/disclosures?subject=" + subject(youth));
        JsonNode received = getJson(contraCosta, "/api/v1/audit/disclosures?subject=" + subject(youth));

        assertThat(sent.path("disclosures").findValuesAsString("messageId")).containsExactly(id, id);
        assertThat(sent.path("disclosures").findValuesAsString("recipientAgency"))
                .containsExactlyInAnyOrderElementsOf(RECIPIENTS);
        assertThat(sent.path("disclosures").findValuesAsString("senderAgency")).containsOnly(SENDER);
        assertThat(sent.path("disclosures").findValuesAsString("mouClause"))
                .allSatisfy(clause -> assertThat(clause).startsWith("mou-two-county-csec-protocol/"));
        assertThat(received.path("disclosures").findValuesAsString("messageId")).containsExactly(id, id);
        assertThat(received.path("disclosures").findValuesAsString("lastEvent")).containsOnly("RECEIPT_SENT");
        assertThat(received.path("disclosures").findValuesAsString("mouClause"))
                .allSatisfy(clause -> assertThat(clause).startsWith("mou-two-county-csec-protocol/"));
        assertThat(sent.path("subjectPseudonym").asString()).matches("[0-9a-f]{64}")
                .isNotEqualTo(received.path("subjectPseudonym").asString());
        List<LedgerEntry> lookups = alameda.bean(Ledger.class).entriesFrom(before + 1, 100).stream()
                .filter(entry -> "disclosures".equals(entry.reasonCode())).toList();
        assertThat(lookups).singleElement().extracting(LedgerEntry::subjectPseudonym)
                .isEqualTo(sent.path("subjectPseudonym").asString());
    }

    @Test
    void checkpointsAreTimestampedWitnessedAndVerify() throws Exception {
        exchangeDemoMessage(DEMO_YOUTH + "-checkpoint");
        long head = headSeq(alameda);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(alameda.bean(CheckpointStore.class).acknowledged())
                .anySatisfy(witness -> assertThat(witness.seq()).isGreaterThanOrEqualTo(head)));

        JsonNode report = getJson(alameda, "/api/v1/audit/verify");
        assertThat(report.path("problems").size()).isZero();
        assertThat(report.path("witnessed").asInt()).isPositive();
        assertThat(report.path("timestamped").asInt()).isPositive();
        assertThat(contraCosta.bean(CheckpointStore.class).witnessedOf("alameda")).isNotEmpty();
        assertThat(pair.tsa().requests()).isPositive();
    }

    @Test
    void checkpointSendIsRetriedAfterOutage() {
        CheckpointStore checkpoints = alameda.bean(CheckpointStore.class);
        pair.toContraCosta().down();
        long head;
        try {
            getJson(alameda, "/api/v1/audit?_count=1");
            head = headSeq(alameda);

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(checkpoints.covering(head))
                    .hasValueSatisfying(checkpoint -> assertThat(checkpoints.witnesses(checkpoint.seq()))
                            .singleElement()
                            .satisfies(witness -> assertThat(witness.attempts()).isPositive())
                            .satisfies(witness -> assertThat(witness.acknowledgement()).isNull())));
        } finally {
            pair.toContraCosta().up();
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(checkpoints.witnesses(checkpoints.covering(head).orElseThrow().seq()))
                .singleElement()
                .satisfies(witness -> assertThat(witness.acknowledgement()).isNotNull()));
    }

    @Test
    void partnerCopiesOfCheckpointsVerify() throws Exception {
        exchangeDemoMessage(DEMO_YOUTH + "-copies");
        await().atMost(TIMEOUT).until(() -> !contraCosta.bean(CheckpointStore.class).witnessedOf("alameda").isEmpty());

        HttpResponse<byte[]> response = contraCosta.getAs(contraCosta.complianceOfficer(), "/api/v1/audit/witnessed?county=alameda");
        WitnessedCopies copies = WitnessedCopies.fromJson(response.body(), "the response");
        VerificationReport report = alameda.bean(LedgerVerifier.class).verify(copies.signedCheckpoints(), copies.witness());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(copies.witness()).isEqualTo("contra-costa");
        assertThat(copies.gateway()).isEqualTo("alameda");
        assertThat(copies.checkpoints()).isNotEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(contraCosta.getAs(contraCosta.complianceOfficer(), "/api/v1/audit/witnessed").statusCode()).isEqualTo(400);
    }

    private String exchangeDemoMessage(String youth) {
        return DemoExchange.send(pair, youth);
    }

    private static byte[] forYouth(String message, String youth) {
        return DemoExchange.forYouth(message, youth);
    }

    private static String subject(String youth) {
        return URLEncoder.encode(YOUTH_SYSTEM + "|" + youth, StandardCharsets.UTF_8);
    }

    private JsonNode getJson(TestGateway gateway, String path) {
        HttpResponse<byte[]> response = gateway.getAs(gateway.complianceOfficer(), path);
        assertThat(response.statusCode()).as("GET %s: %s", path, body(response)).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static long headSeq(TestGateway gateway) {
        return gateway.bean(Ledger.class).head().seq();
    }

    private static JdbcClient jdbc(TestGateway gateway) {
        return gateway.bean(JdbcClient.class);
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
