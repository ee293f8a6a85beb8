package org.interagency.gateway.exchange;

import org.apache.camel.Exchange;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.slf4j.Logger;

/**
 * Decides, in a route's catch block, between another broker redelivery and giving up. The
 * broker redelivers when the JMS transaction rolls back, which rethrowing the failure does.
 */
final class Redelivery {

    private Redelivery() {
    }

    /**
     * Rethrows the caught failure when a retry can help and attempts remain. Otherwise returns
     * its error code, so the caller can mark the message failed and dead-letter it.
     */
    static ErrorCode retryOrGiveUp(Exchange exchange, int maximumRedeliveries, Logger log, String what) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ErrorCode code = cause instanceof GatewayException gateway ? gateway.code() : ErrorCode.INTERNAL;
        int attempt = exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class);

        if (cause != null && code.retryable() && attempt <= maximumRedeliveries) {
            log.warn("{} failed on attempt {} of {} with {}: {}; the broker will redeliver", what, attempt,
                    maximumRedeliveries + 1, code, cause.getMessage());
            throw cause;
        }
        log.error("{} failed for good after {} attempt(s) with {}: {}; moved to the dead-letter queue", what, attempt, code,
                cause == null ? "" : cause.getMessage());
        exchange.getMessage().setHeader(Headers.FAILURE_CODE, code.name());
        return code;
    }
}
