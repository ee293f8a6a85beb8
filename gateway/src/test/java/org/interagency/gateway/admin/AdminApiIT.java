package org.interagency.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;
import org.interagency.gateway.tracking.RecipientStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API as alameda's gateway administrator calls it with the development client
 * certificate: dead letters are listed without payloads, resent or discarded, the settings
 * are shown with secrets masked, and each call is a ledger entry naming the administrator.
 */
class AdminApiIT {

    private static final String SENDER = "alameda.juvenile-hall";
    private static final String OUTBOUND_DEAD = "gateway.outbound.dead";

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway alameda;
    private Path admin;

    @BeforeEach
    void gateways() {
        alameda = pair.alameda();
        admin = pair.pki().resolve("alameda/clients/gateway-admin.p12");
    }

    @AfterEach
    void restoreLink() {
        pair.toContraCosta().up();
    }

    @Test
    void deadLetterIsListedWithoutPayloadAndResent() {
        String id = sendWhileLinkIsDown();

        JsonNode letter = deadLetter(id);
        assertThat(letter.path("reasonCode").asString()).isEqualTo("PEER_UNAVAILABLE");
        assertThat(letter.path("recipientCounty").asString()).isEqualTo("contra-costa");
        assertThat(letter.path("senderAgency").asString()).isEqualTo(SENDER);
        assertThat(letter.has("body")).as("payload field").isFalse();
        pair.toContraCosta().up();

        HttpResponse<byte[]> resent = alameda.requestAs(admin, "POST",
                "/api/v1/admin/dead-letters/" + OUTBOUND_DEAD + "/" + letter.path("id").asString() + "/resend");

        assertThat(resent.statusCode()).as("resend status").isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> states(id), states -> states.stream().allMatch(DeliveryState.RECEIPTED::equals));
        assertThat(adminEntries(id, LedgerEvent.DEAD_LETTER_RESENT)).as("resend ledger rows, one per recipient").hasSize(2)
                .allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("urn:gateway-admin:alameda"));
        assertThat(deadLetterOrNull(id)).as("dead letter after resend").isNull();
    }

    @Test
    void deadLetterIsDiscarded() {
        String id = sendWhileLinkIsDown();
        String jmsId = deadLetter(id).path("id").asString();

        HttpResponse<byte[]> discarded = alameda.requestAs(admin, "DELETE", "/api/v1/admin/dead-letters/" + OUTBOUND_DEAD + "/" + jmsId);
        HttpResponse<byte[]> again = alameda.requestAs(admin, "DELETE", "/api/v1/admin/dead-letters/" + OUTBOUND_DEAD + "/" + jmsId);

        assertThat(discarded.statusCode()).as("discard status").isEqualTo(200);
        assertThat(deadLetterOrNull(id)).as("dead letter after discard").isNull();
        assertThat(again.statusCode()).as("second discard").isEqualTo(404);
        assertThat(adminEntries(id, LedgerEvent.DEAD_LETTER_DISCARDED)).as("discard ledger rows, one per recipient").hasSize(2);
        assertThat(states(id)).as("recipients stay failed").allMatch(DeliveryState.FAILED::equals);
    }

    @Test
    void unknownQueueOrIdIsNotFound() {
        assertThat(alameda.requestAs(admin, "POST", "/api/v1/admin/dead-letters/inbox.alameda.probation/ID:1/resend").statusCode())
                .as("queue that is not a dead-letter queue").isEqualTo(404);
        assertThat(alameda.requestAs(admin, "DELETE", "/api/v1/admin/dead-letters/" + OUTBOUND_DEAD + "/ID:0'%20OR%20'1'='1")
                .statusCode()).as("id that is no JMS id").isEqualTo(404);
    }

    @Test
    void settingsAreShownWithSecretsMasked() {
        long seqBefore = lastSeq();

        HttpResponse<byte[]> response = alameda.requestAs(admin, "GET", "/api/v1/admin/settings");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode settings = json.readTree(response.body()).path("settings");
        assertThat(settings.path("gateway.county").asString()).isEqualTo("alameda");
        assertThat(settings.path("gateway.keys.password").asString()).isEqualTo("******");
        assertThat(settings.path("spring.ssl.bundle.jks.gateway.keystore.password").asString()).isEqualTo("******");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("dev-only-password");
        assertThat(alameda.bean(Ledger.class).entriesFrom(seqBefore + 1, 100))
                .anySatisfy(entry -> {
                    assertThat(entry.event()).isEqualTo(LedgerEvent.SETTINGS_VIEWED);
                    assertThat(entry.actor()).isEqualTo("urn:gateway-admin:alameda");
                });
    }

    private String sendWhileLinkIsDown() {
        pair.toContraCosta().down();
        String id = Messages.newId();
        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json",
                Messages.withId("valid.json", id).getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterOrNull(id) != null);
        return id;
    }

    private JsonNode deadLetter(String messageId) {
        JsonNode letter = deadLetterOrNull(messageId);
        assertThat(letter).as("dead letter of " + messageId).isNotNull();
        return letter;
    }

    private JsonNode deadLetterOrNull(String messageId) {
        HttpResponse<byte[]> response = alameda.requestAs(admin, "GET", "/api/v1/admin/dead-letters");
        assertThat(response.statusCode()).as("list status").isEqualTo(200);
        return StreamSupport.stream(json.readTree(response.body()).path("deadLetters").spliterator(), false)
                .filter(letter -> messageId.equals(letter.path("messageId").asString()))
                .findFirst().orElse(null);
    }

    private List<DeliveryState> states(String id) {
        return alameda.bean(MessageTracker.class).find(id).orElseThrow().recipients().stream().map(RecipientStatus::state).toList();
    }

    private List<LedgerEntry> adminEntries(String id, LedgerEvent event) {
        return alameda.bean(Ledger.class).entriesFor(id).stream().filter(entry -> entry.event() == event).toList();
    }

    private long lastSeq() {
        return alameda.bean(Ledger.class).entriesFrom(1, Integer.MAX_VALUE).stream().mapToLong(LedgerEntry::seq).max().orElse(0);
    }
}
