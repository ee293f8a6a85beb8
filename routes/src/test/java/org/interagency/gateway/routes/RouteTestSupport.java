package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jms.core.JmsTemplate;

/**
 * Base of the route tests. Each test class gets its own embedded Artemis broker. Each test
 * gets a fresh Camel context that contains only the routes of {@link #routeFile()}, a
 * {@code jms} component on that broker, and stub beans under the real bean names. A route
 * outside the file under test therefore never consumes what the tested route sends, and
 * the test reads the queue itself.
 */
abstract class RouteTestSupport {

    /** Redeliveries the stub {@code failOrRetry} steps allow, below the broker's maximum delivery attempts. */
    static final int MAXIMUM_REDELIVERIES = 2;

    /** Maximum wait for a route to finish or a message to arrive. A passing test waits far less. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TestBroker broker;

    protected final IntakeStub intake = new IntakeStub();
    protected final SealingStub sealing = new SealingStub();
    protected final DeliveryStub delivery = new DeliveryStub(MAXIMUM_REDELIVERIES);
    protected final OpeningStub opening = new OpeningStub();
    protected final InboxStub inbox = new InboxStub();
    protected final AcknowledgementsStub acknowledgements = new AcknowledgementsStub(MAXIMUM_REDELIVERIES);

    protected CamelContext context;
    protected ProducerTemplate template;
    protected JmsTemplate jms;

    /** Returns the classpath location of the route file under test, such as {@code routes/intake.yaml}. */
    protected abstract String routeFile();

    /** Advises routes before the context starts. The default advises nothing. */
    protected void adviseRoutes() throws Exception {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TestBroker();
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    @BeforeEach
    void startCamel() throws Exception {
        broker.purgeQueues();
        ActiveMQConnectionFactory connectionFactory = broker.connectionFactory();

        context = new DefaultCamelContext();
        bindStubs();
        JmsComponent jmsComponent = new JmsComponent();
        jmsComponent.setConnectionFactory(connectionFactory);
        context.addComponent("jms", jmsComponent);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:" + routeFile()));
        adviseRoutes();
        context.start();

        template = context.createProducerTemplate();
        jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(TIMEOUT.toMillis());
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    private void bindStubs() {
        context.getRegistry().bind("intake", intake);
        context.getRegistry().bind("sealing", sealing);
        context.getRegistry().bind("delivery", delivery);
        context.getRegistry().bind("opening", opening);
        context.getRegistry().bind("inbox", inbox);
        context.getRegistry().bind("acknowledgements", acknowledgements);
    }

    /** Returns a notifier that matches once {@code routeId} has completed {@code count} exchanges. */
    protected NotifyBuilder whenCompleted(String routeId, int count) {
        return new NotifyBuilder(context).fromRoute(routeId).whenCompleted(count).create();
    }

    /** Waits until {@code notifier} matches, and fails the test after {@link #TIMEOUT}. */
    protected void awaitDone(NotifyBuilder notifier) {
        assertThat(notifier.matches(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("route finished within %s", TIMEOUT)
                .isTrue();
    }

    /** Takes the next message from {@code queue}, and fails the test when none arrives within {@link #TIMEOUT}. */
    protected Message receive(String queue) {
        Message message = jms.receive(queue);
        assertThat(message).as("message on queue %s", queue).isNotNull();
        return message;
    }

    /** Returns the number of messages in {@code queue}, including delivered ones not yet acknowledged. */
    protected long messageCount(String queue) {
        return broker.messageCount(queue);
    }

    /**
     * Waits until {@code queue} is empty. A JMS listener commits after its exchange completed,
     * so the broker may count the message as delivering for a moment after the route finished.
     */
    protected void awaitEmpty(String queue) {
        Awaitility.await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(messageCount(queue)).as("messages on %s", queue).isZero());
    }

    protected static String text(Message message) throws JMSException {
        assertThat(message).isInstanceOf(TextMessage.class);
        return ((TextMessage) message).getText();
    }

    protected static byte[] bytes(Message message) throws JMSException {
        assertThat(message).isInstanceOf(BytesMessage.class);
        return message.getBody(byte[].class);
    }
}
