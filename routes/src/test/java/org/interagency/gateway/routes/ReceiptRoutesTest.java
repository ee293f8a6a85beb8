package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Message;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * Tests the receipt-delivery route (post, broker redelivery, dead-letter queue) and the
 * receipt-intake route.
 */
class ReceiptRoutesTest extends RouteTestSupport {

    private static final byte[] RECEIPT = AcknowledgementsStub.RECEIPT;

    private static final Map<String, Object> ACKNOWLEDGED = Map.of(
            GatewayHeaders.MESSAGE_ID, "msg-1",
            GatewayHeaders.RECIPIENT_AGENCY, "agency-b1",
            GatewayHeaders.RECIPIENT_COUNTY, "county-a");

    @Override
    protected String routeFile() {
        return "routes/receipts.yaml";
    }

    @Test
    void receiptDeliveryPostsReceipt() {
        NotifyBuilder posted = whenCompleted("receipt-delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.receipts.outbound", RECEIPT, ACKNOWLEDGED);
        awaitDone(posted);

        assertThat(acknowledgements.steps()).containsExactly("post");
        StubSteps.Call post = acknowledgements.calls("post").get(0);
        assertThat(post.body()).isEqualTo(RECEIPT);
        assertThat(post.header(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-a");
        assertThat(post.header(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        awaitEmpty("gateway.receipts.outbound");
        assertThat(messageCount("gateway.receipts.outbound.dead")).isZero();
    }

    @Test
    void receiptDeliveryRetriesThenSucceeds() {
        acknowledgements.failOn("post", 1, new StubSteps.RetryableFailure("county-a gateway did not answer"));
        NotifyBuilder posted = whenCompleted("receipt-delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.receipts.outbound", RECEIPT, ACKNOWLEDGED);
        awaitDone(posted);

        assertThat(acknowledgements.steps()).containsExactly("post", "failOrRetry", "post");
        StubSteps.Call redelivered = acknowledgements.calls("post").get(1);
        assertThat(redelivered.header(StubSteps.DELIVERY_COUNT)).isEqualTo(2);
        assertThat(redelivered.body()).isEqualTo(RECEIPT);
        awaitEmpty("gateway.receipts.outbound");
        assertThat(messageCount("gateway.receipts.outbound.dead")).isZero();
    }

    @Test
    void receiptDeliveryDeadLettersPermanentFailure() throws Exception {
        StubSteps.PermanentFailure rejected = new StubSteps.PermanentFailure("county-a rejected the receipt");
        acknowledgements.failAlwaysOn("post", rejected);
        NotifyBuilder handled = whenCompleted("receipt-delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.receipts.outbound", RECEIPT, ACKNOWLEDGED);
        awaitDone(handled);

        assertThat(acknowledgements.steps()).containsExactly("post", "failOrRetry");
        assertThat(acknowledgements.calls("failOrRetry").get(0).caught()).isSameAs(rejected);
        Message parked = receive("gateway.receipts.outbound.dead");
        assertThat(bytes(parked)).isEqualTo(RECEIPT);
        assertThat(parked.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(parked.getStringProperty(GatewayHeaders.RECIPIENT_COUNTY)).isEqualTo("county-a");
        awaitEmpty("gateway.receipts.outbound");
    }

    @Test
    void receiptDeliveryDeadLettersAfterLastRetry() throws Exception {
        acknowledgements.failAlwaysOn("post", new StubSteps.RetryableFailure("county-a gateway did not answer"));
        NotifyBuilder handled = whenCompleted("receipt-delivery", 1);

        template.sendBodyAndHeaders("jms:queue:gateway.receipts.outbound", RECEIPT, ACKNOWLEDGED);
        awaitDone(handled);

        int attempts = MAXIMUM_REDELIVERIES + 1;
        assertThat(acknowledgements.calls("post")).hasSize(attempts);
        assertThat(acknowledgements.calls("failOrRetry").get(attempts - 1).header(StubSteps.DELIVERY_COUNT))
                .isEqualTo(attempts);
        Message parked = receive("gateway.receipts.outbound.dead");
        assertThat(bytes(parked)).isEqualTo(RECEIPT);
        assertThat(parked.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        awaitEmpty("gateway.receipts.outbound");
    }

    @Test
    void receiptIntakeCallsAccept() {
        template.requestBodyAndHeaders("direct:receipt-intake", RECEIPT, Map.of(GatewayHeaders.SENDER_COUNTY, "county-b"));

        assertThat(acknowledgements.steps()).containsExactly("accept");
        StubSteps.Call accept = acknowledgements.calls("accept").get(0);
        assertThat(accept.body()).isEqualTo(RECEIPT);
        assertThat(accept.header(GatewayHeaders.SENDER_COUNTY)).isEqualTo("county-b");
    }

    @Test
    void receiptIntakeFailureReachesCaller() {
        IllegalStateException invalid = new IllegalStateException("receipt names an agency that is not a recipient");
        acknowledgements.failAlwaysOn("accept", invalid);

        assertThatThrownBy(() -> template.requestBody("direct:receipt-intake", RECEIPT))
                .isInstanceOf(CamelExecutionException.class)
                .hasCause(invalid);
    }
}
