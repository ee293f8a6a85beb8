package org.interagency.gateway.routes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/**
 * Stub of the gateway's {@code inbox} bean: {@code checkNew} sets
 * {@code gatewayAlreadyInInbox} for the messages the test marked as delivered, and
 * {@code acknowledge} sets the headers the acknowledgement receipt needs.
 */
public class InboxStub extends StubSteps {

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    void alreadyHolds(String messageId, String agency) {
        delivered.add(messageId + "/" + agency);
    }

    public void checkNew(Exchange exchange) {
        recordCall("checkNew", exchange);
        String key = exchange.getMessage().getHeader(GatewayHeaders.MESSAGE_ID) + "/"
                + exchange.getMessage().getHeader(GatewayHeaders.RECIPIENT_AGENCY);
        exchange.getMessage().setHeader(GatewayHeaders.ALREADY_IN_INBOX, delivered.contains(key));
    }

    public void recordDelivered(Exchange exchange) {
        recordCall("recordDelivered", exchange);
    }

    public void acknowledge(Exchange exchange) {
        recordCall("acknowledge", exchange);
        exchange.getMessage().setHeader(GatewayHeaders.EXCHANGE_TYPE, "detention-notice");
        exchange.getMessage().setHeader(GatewayHeaders.SENDER_AGENCY, "agency-a1");
        exchange.getMessage().setHeader(GatewayHeaders.RECIPIENT_AGENCY,
                exchange.getMessage().getHeader(GatewayHeaders.CALLER));
        exchange.getMessage().setHeader(GatewayHeaders.RECIPIENT_COUNTY, "county-a");
    }
}
