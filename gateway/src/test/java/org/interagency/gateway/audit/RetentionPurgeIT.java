package org.interagency.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.testing.DemoExchange;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The retention purge on the test gateways' real broker and database. */
class RetentionPurgeIT {

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    @Test
    void purgeDeletesExpiredPayloads() {
        TestGateway alameda = pair.alameda();
        TestGateway contraCosta = pair.contraCosta();
        String id = Messages.newId();
        String agency = DemoExchange.RECIPIENTS.get(1);
        HttpResponse<byte[]> accepted = alameda.post(DemoExchange.SENDER, "/api/v1/messages", "application/fhir+json",
                DemoExchange.forYouth(Messages.withId("valid.json", id), DemoExchange.DEMO_YOUTH + "-retention"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> contraCosta.get(agency, "/api/v1/inbox/" + id).statusCode() == 200);

        JdbcClient jdbc = contraCosta.bean(JdbcClient.class);
        // The two-county protocol MOU lets contra-costa keep detention notices 365 or 90 days, by clause.
        List<Long> retentionDays = jdbc.sql("SELECT received_at, retain_until FROM inbox_entry WHERE message_id = ?").param(id)
                .query((row, n) -> Duration.between(row.getObject(1, OffsetDateTime.class), row.getObject(2, OffsetDateTime.class))
                        .toDays())
                .list();
        assertThat(retentionDays).hasSize(2).allSatisfy(days -> assertThat(days).isIn(90L, 365L));
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(366);
        jdbc.sql("UPDATE inbox_entry SET received_at = ?, retain_until = ? WHERE message_id = ?")
                .params(longAgo, longAgo.plusDays(365), id).update();
        jdbc.sql("UPDATE message_envelope SET stored_at = ? WHERE message_id = ?").params(longAgo, id).update();

        int purged = contraCosta.bean(RetentionPurge.class).purgeExpired();

        assertThat(purged).isGreaterThanOrEqualTo(3);
        assertThat(contraCosta.get(agency, "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT envelope FROM message_envelope WHERE message_id = ?").param(id).query(String.class).list())
                .containsOnlyNulls();
        List<LedgerEntry> purges = contraCosta.bean(Ledger.class).entriesFor(id).stream()
                .filter(entry -> entry.event() == LedgerEvent.PAYLOAD_PURGED).toList();
        assertThat(purges).extracting(LedgerEntry::recipientAgency).contains(DemoExchange.RECIPIENTS.toArray(String[]::new));
        assertThat(purges).extracting(LedgerEntry::reasonCode).containsOnly("RETENTION_ENDED");
        assertThat(purges).allSatisfy(entry -> assertThat(entry.subjectPseudonym()).matches("[0-9a-f]{64}"));
        assertThat(contraCosta.bean(RetentionPurge.class).purgeExpired()).as("a second run finds nothing").isZero();
    }
}
