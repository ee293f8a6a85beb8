package org.interagency.gateway.routes;

import java.util.List;
import org.apache.camel.Exchange;

/**
 * Stub of the gateway's {@code sealing} bean: {@code sealPerCounty} returns the envelopes the
 * test set, and {@code prepareOutbound} turns each into body and routing headers as the real
 * step does.
 */
public class SealingStub extends StubSteps {

    /** One envelope for one recipient county, in place of the gateway's SealedEnvelope. */
    public record Envelope(String county, String recipients, byte[] bytes) {
    }

    private volatile List<Envelope> envelopes = List.of();

    void sealsInto(Envelope... envelopes) {
        this.envelopes = List.of(envelopes);
    }

    public List<Envelope> sealPerCounty(Exchange exchange) {
        recordCall("sealPerCounty", exchange);
        return envelopes;
    }

    public void prepareOutbound(Exchange exchange) {
        recordCall("prepareOutbound", exchange);
        Envelope envelope = exchange.getMessage().getBody(Envelope.class);
        exchange.getMessage().setHeader(GatewayHeaders.RECIPIENT_COUNTY, envelope.county());
        exchange.getMessage().setHeader(GatewayHeaders.RECIPIENTS, envelope.recipients());
        exchange.getMessage().setBody(envelope.bytes());
    }

    public void markFailed(Exchange exchange) {
        recordCall("markFailed", exchange);
    }
}
