package org.interagency.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;

/**
 * The exchange {@code bin/gateway demo} makes, on the test gateways: the juvenile hall sends
 * the example detention notice to the contra-costa probation and child-welfare point persons,
 * and both acknowledge it.
 */
public final class DemoExchange {

    public static final String SENDER = "alameda.juvenile-hall";
    public static final List<String> RECIPIENTS = List.of("contra-costa.child-welfare", "contra-costa.probation");
    /** System and value of the example youth's identifier. */
    public static final String YOUTH_SYSTEM = "urn:interagency:youth:alameda";
    public static final String DEMO_YOUTH = "ALA-Y-0001";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DemoExchange() {
    }

    /**
     * Sends the demo's message about the youth with identifier value {@code youth}, has both
     * recipients acknowledge it, and waits until both gateways recorded every receipt. Returns
     * the message id.
     */
    public static String send(GatewayPair pair, String youth) {
        TestGateway alameda = pair.alameda();
        TestGateway contraCosta = pair.contraCosta();
        String id = Messages.newId();

        HttpResponse<byte[]> accepted = alameda.post(SENDER, "/api/v1/messages", "application/fhir+json",
                forYouth(Messages.withId("valid.json", id), youth));
        assertThat(accepted.statusCode()).as(new String(accepted.body(), StandardCharsets.UTF_8)).isEqualTo(202);

        for (String agency : RECIPIENTS) {
            await().atMost(TIMEOUT).until(() -> contraCosta.get(agency, "/api/v1/inbox/" + id).statusCode() == 200);
            assertThat(contraCosta.post(agency, "/api/v1/inbox/" + id + "/ack", null, new byte[0]).statusCode()).isEqualTo(200);
        }
        await().atMost(TIMEOUT).until(() -> alameda.bean(Ledger.class).entriesFor(id).stream()
                .filter(entry -> entry.event() == LedgerEvent.RECEIPT_RECEIVED).count() >= 4);
        await().atMost(TIMEOUT).until(() -> contraCosta.bean(Ledger.class).entriesFor(id).stream()
                .filter(entry -> entry.event() == LedgerEvent.RECEIPT_SENT && entry.recipientAgency() != null).count() >= 2);
        return id;
    }

    /** Returns the message with the example youth's identifier value replaced by {@code youth}. */
    public static byte[] forYouth(String message, String youth) {
        return message.replace(DEMO_YOUTH, youth).getBytes(StandardCharsets.UTF_8);
    }
}
