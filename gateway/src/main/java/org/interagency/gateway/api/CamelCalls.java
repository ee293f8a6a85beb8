package org.interagency.gateway.api;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Calls a synchronous route from a controller and rethrows its failure as the
 * {@link GatewayException} the route raised, so the API answers with the right code.
 */
public class CamelCalls {

    private final ProducerTemplate template;

    public CamelCalls(ProducerTemplate template) {
        this.template = template;
    }

    /** Sends {@code body} with {@code headers} to {@code uri} and returns the route's final message. */
    public Message call(String uri, Object body, Map<String, Object> headers) {
        Exchange result = template.send(uri, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(headers));
        });
        Exception failure = result.getException();
        if (failure instanceof GatewayException gateway) {
            throw gateway;
        }
        if (failure != null) {
            throw new GatewayException(ErrorCode.INTERNAL, "route " + uri + " failed with " + failure.getClass().getName()
                    + ": " + failure.getMessage(), failure);
        }
        return result.getMessage();
    }
}
