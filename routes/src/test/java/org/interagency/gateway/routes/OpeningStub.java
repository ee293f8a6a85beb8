package org.interagency.gateway.routes;

import java.util.List;
import org.apache.camel.Exchange;

/**
 * Stub of the gateway's {@code opening} bean. {@code open} either sets what the real step
 * sets for a new envelope (message headers, the local recipients and the content as exchange
 * properties, the content as body) or, for an envelope marked as seen, sets
 * {@code gatewayRepeatedDelivery} and puts the stored receipt in the body.
 */
public class OpeningStub extends StubSteps {

    /** The opened message text of every new envelope. */
    static final String CONTENT = "{\"resourceType\":\"Bundle\",\"type\":\"message\"}";

    /** The receipt {@code answer} puts in the body. */
    static final String RECEIPT = "signed-delivery-receipt";

    /** The receipt {@code open} returns for a repeated delivery. */
    static final String STORED_RECEIPT = "stored-delivery-receipt";

    private volatile List<String> localRecipients = List.of();
    private volatile boolean repeatedDelivery;

    void opensFor(String... localRecipients) {
        this.localRecipients = List.of(localRecipients);
    }

    void treatsAsRepeatedDelivery() {
        this.repeatedDelivery = true;
    }

    public void open(Exchange exchange) {
        recordCall("open", exchange);
        if (repeatedDelivery) {
            exchange.getMessage().setHeader(GatewayHeaders.REPEATED_DELIVERY, true);
            exchange.getMessage().setBody(STORED_RECEIPT);
            return;
        }

        exchange.getMessage().setHeader(GatewayHeaders.MESSAGE_ID, "msg-1");
        exchange.getMessage().setHeader(GatewayHeaders.EXCHANGE_TYPE, "detention-notice");
        exchange.getMessage().setHeader(GatewayHeaders.SENDER_AGENCY, "agency-a1");
        exchange.setProperty(GatewayHeaders.LOCAL_RECIPIENTS, localRecipients);
        exchange.setProperty(GatewayHeaders.CONTENT, CONTENT);
        exchange.getMessage().setBody(CONTENT);
    }

    public void answer(Exchange exchange) {
        recordCall("answer", exchange);
        exchange.getMessage().setBody(RECEIPT);
    }
}
