package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * Tests the delivery route: post, accept the receipt, and on failure either a broker
 * redelivery (the JMS transaction rolls back) or the dead-letter queue.
 */
class DeliveryRouteTest extends RouteTestSupport {

    private static final byte[] ENVELOPE = "envelope-b".getBytes();

    private static final Map<String, Object> SEALED = Map.of(
            GatewayHeaders.MESSAGE_ID, "msg-1",
            GatewayHeaders.RECIPIENT_COUNTY, "county-b",
            GatewayHeaders.RECIPIENTS, "agency-b1,agency-b2");

    @Override
    protected String routeFile() {
        return "routes/delivery.yaml";
    }

    @Test
    void deliverySucceedsFirstTime() {
        NotifyBuilder delivered = whenCompleted("delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.outbound", ENVELOPE, SEALED);
        awaitDone(delivered);

        assertThat(delivery.steps()).containsExactly("recheckPolicy", "markSent", "deliver", "acceptReceipt");
        StubSteps.Call post = delivery.calls("deliver").get(0);
        assertThat(post.body()).isEqualTo(ENVELOPE);
        assertThat(post.header(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-b");
        assertThat(post.header(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(delivery.calls("acceptReceipt").get(0).body()).isEqualTo(DeliveryStub.RECEIPT);
        assertQueuesEmpty();
    }

    @Test
    void deliveryRetriesThenSucceeds() {
        delivery.failOn("deliver", 1, new StubSteps.RetryableFailure("county-b gateway did not answer"));
        NotifyBuilder delivered = whenCompleted("delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.outbound", ENVELOPE, SEALED);
        awaitDone(delivered);

        assertThat(delivery.steps())
                .containsExactly("recheckPolicy", "markSent", "deliver", "failOrRetry", "recheckPolicy", "markSent", "deliver",
                        "acceptReceipt");
        assertThat(delivery.calls("deliver").get(0).header(StubSteps.DELIVERY_COUNT)).isEqualTo(1);
        StubSteps.Call redelivered = delivery.calls("deliver").get(1);
        assertThat(redelivered.header(StubSteps.DELIVERY_COUNT)).isEqualTo(2);
        assertThat(redelivered.body()).isEqualTo(ENVELOPE);
        assertThat(redelivered.header(GatewayHeaders.RECIPIENTS)).isEqualTo("agency-b1,agency-b2");
        assertQueuesEmpty();
    }

    @Test
    void deliveryDeadLettersPermanentFailure() throws Exception {
        StubSteps.PermanentFailure badReceipt = new StubSteps.PermanentFailure("receipt signature invalid");
        delivery.failAlwaysOn("acceptReceipt", badReceipt);
        NotifyBuilder handled = whenCompleted("delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.outbound", ENVELOPE, SEALED);
        awaitDone(handled);

        assertThat(delivery.steps()).containsExactly("recheckPolicy", "markSent", "deliver", "acceptReceipt", "failOrRetry");
        assertThat(delivery.calls("failOrRetry").get(0).caught()).isSameAs(badReceipt);

        Message parked = receive("gateway.outbound.dead");
        assertThat(parked.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(parked.getStringProperty(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-b");
        assertThat(bytes(parked)).isEqualTo(ENVELOPE);
        awaitEmpty("gateway.outbound");
    }

    @Test
    void deliveryDeadLettersAfterLastRetry() throws Exception {
        delivery.failAlwaysOn("deliver", new StubSteps.RetryableFailure("county-b gateway did not answer"));
        NotifyBuilder handled = whenCompleted("delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.outbound", ENVELOPE, SEALED);
        awaitDone(handled);

        int attempts = MAXIMUM_REDELIVERIES + 1;
        assertThat(delivery.calls("deliver")).hasSize(attempts);
        assertThat(delivery.calls("failOrRetry")).hasSize(attempts);
        assertThat(delivery.calls("failOrRetry").get(attempts - 1).header(StubSteps.DELIVERY_COUNT)).isEqualTo(attempts);
        assertThat(delivery.calls("acceptReceipt")).isEmpty();

        Message parked = receive("gateway.outbound.dead");
        assertThat(bytes(parked)).isEqualTo(ENVELOPE);
        assertThat(parked.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        awaitEmpty("gateway.outbound");
    }

    private void assertQueuesEmpty() {
        awaitEmpty("gateway.outbound");
        assertThat(messageCount("gateway.outbound.dead")).isZero();
    }
}
