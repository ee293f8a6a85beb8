package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests the inbox-delivery and inbox-ack routes against real inbox and receipt queues. */
class InboxRouteTest extends RouteTestSupport {

    private static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"message\"}";

    private static final Map<String, Object> OPENED = Map.of(
            GatewayHeaders.MESSAGE_ID, "msg-1",
            GatewayHeaders.EXCHANGE_TYPE, "detention-notice",
            GatewayHeaders.SENDER_AGENCY, "agency-a1",
            GatewayHeaders.SENDER_COUNTY, "county-a",
            GatewayHeaders.RECIPIENT_AGENCY, "agency-b1");

    @Override
    protected String routeFile() {
        return "routes/inbox.yaml";
    }

    @Test
    void newMessageLandsInAgencyQueue() throws Exception {
        template.requestBodyAndHeaders("direct:inbox-delivery", BUNDLE, OPENED);

        Message queued = receive("inbox.agency-b1");
        assertThat(text(queued)).isEqualTo(BUNDLE);
        assertThat(queued.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(queued.getStringProperty(GatewayHeaders.EXCHANGE_TYPE)).isEqualTo("detention-notice");
        assertThat(queued.getStringProperty(GatewayHeaders.SENDER_AGENCY)).isEqualTo("agency-a1");
        assertThat(queued.getStringProperty(GatewayHeaders.SENDER_COUNTY)).isEqualTo("county-a");
        assertThat(queued.getStringProperty(GatewayHeaders.RECIPIENT_AGENCY)).isEqualTo("agency-b1");
        assertThat(inbox.steps()).containsExactly("checkNew", "recordDelivered");
        assertThat(messageCount("inbox.agency-b1")).isZero();
    }

    @Test
    void messageAlreadyInInboxIsNotResent() {
        inbox.alreadyHolds("msg-1", "agency-b1");

        template.requestBodyAndHeaders("direct:inbox-delivery", BUNDLE, OPENED);

        assertThat(inbox.steps()).containsExactly("checkNew");
        assertThat(messageCount("inbox.agency-b1")).isZero();
    }

    @Test
    void acknowledgementQueuesSignedReceipt() throws Exception {
        template.requestBodyAndHeaders("direct:inbox-ack", null,
                Map.of(GatewayHeaders.CALLER, "agency-b1", GatewayHeaders.MESSAGE_ID, "msg-1"));

        assertThat(inbox.steps()).containsExactly("acknowledge");
        assertThat(acknowledgements.steps()).containsExactly("issue");
        StubSteps.Call issue = acknowledgements.calls("issue").get(0);
        assertThat(issue.header(GatewayHeaders.RECIPIENT_AGENCY)).isEqualTo("agency-b1");
        assertThat(issue.header(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-a");

        Message queued = receive("gateway.receipts.outbound");
        assertThat(bytes(queued)).isEqualTo(AcknowledgementsStub.RECEIPT);
        assertThat(queued.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(queued.getStringProperty(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-a");
        assertThat(queued.getStringProperty(GatewayHeaders.RECIPIENT_AGENCY)).isEqualTo("agency-b1");
        assertThat(queued.getStringProperty(GatewayHeaders.SENDER_AGENCY)).isEqualTo("agency-a1");
    }
}
