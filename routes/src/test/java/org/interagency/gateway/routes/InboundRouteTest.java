package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Tests the inbound route: open, one inbox delivery per local recipient, then the signed
 * receipt as the reply. The inbox route is out of scope, so {@code mock:inbox} replaces it.
 */
class InboundRouteTest extends RouteTestSupport {

    private static final byte[] ENVELOPE = "envelope-b".getBytes();
    private static final Map<String, Object> FROM_COUNTY_A = Map.of(GatewayHeaders.SENDER_COUNTY, "county-a");

    @Override
    protected String routeFile() {
        return "routes/inbound.yaml";
    }

    @Override
    protected void adviseRoutes() throws Exception {
        AdviceWith.adviceWith(context, "inbound",
                route -> route.weaveById("inbound-to-inbox").replace().to("mock:inbox"));
    }

    @Test
    void inboundDeliversToEachLocalRecipient() throws Exception {
        opening.opensFor("agency-b1", "agency-b2");
        MockEndpoint inboxes = context.getEndpoint("mock:inbox", MockEndpoint.class);
        inboxes.expectedBodiesReceived(OpeningStub.CONTENT, OpeningStub.CONTENT);
        inboxes.expectedHeaderValuesReceivedInAnyOrder(GatewayHeaders.RECIPIENT_AGENCY, "agency-b1", "agency-b2");
        inboxes.expectedHeaderReceived(GatewayHeaders.MESSAGE_ID, "msg-1");

        Object reply = template.requestBodyAndHeaders("direct:inbound-envelope", ENVELOPE, FROM_COUNTY_A);

        inboxes.assertIsSatisfied(TIMEOUT.toMillis());
        assertThat(reply).isEqualTo(OpeningStub.RECEIPT);
        assertThat(opening.steps()).containsExactly("open", "answer");
        assertThat(opening.calls("open").get(0).body()).isEqualTo(ENVELOPE);
        StubSteps.Call answer = opening.calls("answer").get(0);
        assertThat(answer.header(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(answer.header(GatewayHeaders.SENDER_COUNTY)).isEqualTo("county-a");
    }

    @Test
    void repeatedDeliverySkipsInbox() {
        opening.treatsAsRepeatedDelivery();
        MockEndpoint inboxes = context.getEndpoint("mock:inbox", MockEndpoint.class);

        Object reply = template.requestBodyAndHeaders("direct:inbound-envelope", ENVELOPE, FROM_COUNTY_A);

        assertThat(reply).isEqualTo(OpeningStub.STORED_RECEIPT);
        assertThat(inboxes.getReceivedCounter()).isZero();
        assertThat(opening.steps()).containsExactly("open");
    }

    @Test
    void openFailureReachesCaller() {
        IllegalStateException untrusted = new IllegalStateException("signer certificate is not trusted");
        opening.failAlwaysOn("open", untrusted);
        MockEndpoint inboxes = context.getEndpoint("mock:inbox", MockEndpoint.class);

        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:inbound-envelope", ENVELOPE, FROM_COUNTY_A))
                .isInstanceOf(CamelExecutionException.class)
                .hasCause(untrusted);

        assertThat(inboxes.getReceivedCounter()).isZero();
        assertThat(opening.steps()).containsExactly("open");
    }

    @Test
    void inboxFailureStopsSplitAndAnswer() {
        opening.opensFor("agency-b1", "agency-b2");
        IllegalStateException brokerDown = new IllegalStateException("inbox queue unavailable");
        MockEndpoint inboxes = context.getEndpoint("mock:inbox", MockEndpoint.class);
        inboxes.whenExchangeReceived(1, exchange -> {
            throw brokerDown;
        });

        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:inbound-envelope", ENVELOPE, FROM_COUNTY_A))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("inbox queue unavailable");

        assertThat(inboxes.getReceivedCounter()).isEqualTo(1);
        assertThat(opening.steps()).containsExactly("open");
    }
}
