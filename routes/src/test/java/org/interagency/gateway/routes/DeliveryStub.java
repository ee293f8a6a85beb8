package org.interagency.gateway.routes;

import org.apache.camel.Exchange;

/**
 * Stub of the gateway's {@code delivery} bean: {@code deliver} puts a receipt in the body as
 * the peer's response would, and {@code failOrRetry} decides between a broker redelivery and
 * the dead-letter queue as the real step does.
 */
public class DeliveryStub extends StubSteps {

    /** The receipt bytes {@code deliver} puts in the body. */
    static final byte[] RECEIPT = "signed-delivery-receipt".getBytes();

    private final int maximumRedeliveries;

    DeliveryStub(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    public void recheckPolicy(Exchange exchange) {
        recordCall("recheckPolicy", exchange);
    }

    public void markSent(Exchange exchange) {
        recordCall("markSent", exchange);
    }

    public void deliver(Exchange exchange) {
        recordCall("deliver", exchange);
        exchange.getMessage().setBody(RECEIPT);
    }

    public void acceptReceipt(Exchange exchange) {
        recordCall("acceptReceipt", exchange);
    }

    public void failOrRetry(Exchange exchange) throws Exception {
        recordCall("failOrRetry", exchange);
        rethrowIfRetryable(exchange, maximumRedeliveries);
    }
}
