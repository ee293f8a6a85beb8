package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedeliveryTest {

    private static final Logger log = LoggerFactory.getLogger(RedeliveryTest.class);
    private static final int MAXIMUM_REDELIVERIES = 3;

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void closeCamel() throws IOException {
        camel.close();
    }

    @Test
    void retryableUnderLimitRethrowsSameException() {
        GatewayException failure = new GatewayException(ErrorCode.PEER_UNAVAILABLE, "peer down");
        Exchange exchange = failedAttempt(failure, 1);

        assertThatThrownBy(() -> Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery"))
                .isSameAs(failure);
    }

    @Test
    void lastRedeliveryStillRethrows() {
        GatewayException failure = new GatewayException(ErrorCode.PEER_UNAVAILABLE, "peer down");
        Exchange exchange = failedAttempt(failure, MAXIMUM_REDELIVERIES);

        assertThatThrownBy(() -> Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery"))
                .isSameAs(failure);
    }

    @Test
    void retryableAtLimitReturnsCode() throws Exception {
        GatewayException failure = new GatewayException(ErrorCode.PEER_UNAVAILABLE, "peer down");
        Exchange exchange = failedAttempt(failure, MAXIMUM_REDELIVERIES + 1);

        ErrorCode code = Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery");

        assertThat(code).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
    }

    @Test
    void nonRetryableReturnsAtOnce() throws Exception {
        Exchange exchange = failedAttempt(new GatewayException(ErrorCode.PEER_REJECTED, "rejected"), 1);

        ErrorCode code = Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery");

        assertThat(code).isEqualTo(ErrorCode.PEER_REJECTED);
    }

    @Test
    void otherExceptionIsRetriedAsInternal() {
        IllegalStateException failure = new IllegalStateException("unexpected");
        Exchange exchange = failedAttempt(failure, 1);

        assertThatThrownBy(() -> Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery"))
                .isSameAs(failure);
    }

    @Test
    void otherExceptionAtLimitReturnsInternal() throws Exception {
        Exchange exchange = failedAttempt(new IllegalStateException("unexpected"), MAXIMUM_REDELIVERIES + 1);

        ErrorCode code = Redelivery.retryOrGiveUp(exchange, MAXIMUM_REDELIVERIES, log, "delivery");

        assertThat(code).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void missingDeliveryCountIsFirstAttempt() {
        GatewayException failure = new GatewayException(ErrorCode.PEER_UNAVAILABLE, "peer down");
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);

        assertThatThrownBy(() -> Redelivery.retryOrGiveUp(exchange, 1, log, "delivery"))
                .isSameAs(failure);
    }

    private Exchange failedAttempt(Exception failure, int deliveryCount) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.getMessage().setHeader("JMSXDeliveryCount", deliveryCount);
        return exchange;
    }
}
