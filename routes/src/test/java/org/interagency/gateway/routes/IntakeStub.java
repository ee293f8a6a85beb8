package org.interagency.gateway.routes;

import org.apache.camel.Exchange;

/** Stub of the gateway's {@code intake} bean: sets the headers validation and authorization set. */
public class IntakeStub extends StubSteps {

    public void validate(Exchange exchange) {
        recordCall("validate", exchange);
        exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, "msg-1");
        exchange.getMessage().setHeader(GatewayHeaders.EXCHANGE_TYPE, "detention-notice");
        exchange.getMessage().setHeader(GatewayHeaders.SENDER_AGENCY, "agency-a1");
    }

    public void authorize(Exchange exchange) {
        recordCall("authorize", exchange);
        exchange.getMessage().setHeader(GatewayHeaders.RECIPIENTS, "agency-b1,agency-c1");
    }

    public void record(Exchange exchange) {
        recordCall("record", exchange);
    }
}
