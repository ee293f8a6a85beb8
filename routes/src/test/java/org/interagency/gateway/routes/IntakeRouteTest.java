package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Message;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

/** Tests the intake route: validate, authorize and record, then the sealing queue. */
class IntakeRouteTest extends RouteTestSupport {

    private static final String BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"message\"}";

    @Override
    protected String routeFile() {
        return "routes/intake.yaml";
    }

    @Test
    void intakeRunsStepsInOrder() {
        template.requestBodyAndHeaders("direct:intake", BUNDLE, Map.of(GatewayHeaders.CALLER, "agency-a1"));

        assertThat(intake.steps()).containsExactly("validate", "authorize", "record");
        assertThat(intake.calls("authorize").get(0).header(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(intake.calls("record").get(0).header(GatewayHeaders.RECIPIENTS)).isEqualTo("agency-b1,agency-c1");
    }

    @Test
    void intakePutsMessageOnSealingQueue() throws Exception {
        template.requestBodyAndHeaders("direct:intake", BUNDLE, Map.of(GatewayHeaders.CALLER, "agency-a1"));

        Message queued = receive("gateway.seal");
        assertThat(text(queued)).isEqualTo(BUNDLE);
        assertThat(queued.getStringProperty(GatewayHeaders.MESSAGE_ID)).isEqualTo("msg-1");
        assertThat(queued.getStringProperty(GatewayHeaders.EXCHANGE_TYPE)).isEqualTo("detention-notice");
        assertThat(queued.getStringProperty(GatewayHeaders.SENDER_AGENCY)).isEqualTo("agency-a1");
        assertThat(queued.getStringProperty(GatewayHeaders.RECIPIENTS)).isEqualTo("agency-b1,agency-c1");
        assertThat(queued.getStringProperty(GatewayHeaders.CALLER)).isEqualTo("agency-a1");
    }

    @Test
    void authorizeFailureStopsIntake() {
        IllegalStateException denied = new IllegalStateException("no MOU clause covers agency-b1");
        intake.failAlwaysOn("authorize", denied);

        assertThatThrownBy(() -> template.requestBody("direct:intake", BUNDLE))
                .isInstanceOf(CamelExecutionException.class)
                .hasCause(denied);

        assertThat(intake.steps()).containsExactly("validate", "authorize");
        assertThat(messageCount("gateway.seal")).isZero();
    }
}
