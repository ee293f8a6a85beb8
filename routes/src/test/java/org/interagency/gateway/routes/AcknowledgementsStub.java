package org.interagency.gateway.routes;

import org.apache.camel.Exchange;

/**
 * Stub of the gateway's {@code acknowledgements} bean: {@code issue} puts a receipt in the
 * body, and {@code failOrRetry} decides between a broker redelivery and the dead-letter
 * queue as the real step does.
 */
public class AcknowledgementsStub extends StubSteps {

    /** The acknowledgement receipt {@code issue} puts in the body. */
    static final byte[] RECEIPT = "signed-acknowledgement-receipt".getBytes();

    private final int maximumRedeliveries;

    AcknowledgementsStub(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    public void issue(Exchange exchange) {
        recordCall("issue", exchange);
        exchange.getMessage().setBody(RECEIPT);
    }

    public void post(Exchange exchange) {
        recordCall("post", exchange);
    }

    public void failOrRetry(Exchange exchange) throws Exception {
        recordCall("failOrRetry", exchange);
        rethrowIfRetryable(exchange, maximumRedeliveries);
    }

    public void accept(Exchange exchange) {
        recordCall("accept", exchange);
    }
}
