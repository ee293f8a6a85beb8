package org.interagency.gateway.routes;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An embedded Artemis broker reachable only in the JVM ({@code vm://0}), without
 * persistence or security. The two delivery queues redeliver a rolled-back message after
 * {@value #REDELIVERY_DELAY_MILLIS} ms, so that retry tests finish quickly.
 */
final class TestBroker {

    /** Delay before Artemis redelivers a rolled-back message, in milliseconds. */
    static final long REDELIVERY_DELAY_MILLIS = 100;

    /** Deliveries Artemis attempts before it drops a message (no dead-letter address is set). */
    static final int MAX_DELIVERY_ATTEMPTS = 5;

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();

    void start() throws Exception {
        AddressSettings redelivery = new AddressSettings()
                .setRedeliveryDelay(REDELIVERY_DELAY_MILLIS)
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS);

        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(false);
        configuration.setJMXManagementEnabled(false);
        // A nearly full build disk must not block producers in tests.
        configuration.setMaxDiskUsage(-1);
        configuration.addAcceptorConfiguration("in-vm", "vm://0");
        configuration.addAddressSetting("gateway.outbound", redelivery);
        configuration.addAddressSetting("gateway.receipts.outbound", redelivery);

        broker.setConfiguration(configuration);
        broker.start();
    }

    void stop() throws Exception {
        broker.stop();
    }

    ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory("vm://0");
    }

    /** Returns the number of messages in {@code queueName}, counting those delivered but not yet acknowledged. */
    long messageCount(String queueName) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /** Deletes every message of every queue, so that one test does not see another's leftovers. */
    void purgeQueues() throws Exception {
        for (String name : broker.getActiveMQServer().getActiveMQServerControl().getQueueNames()) {
            Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
            if (queue != null) {
                queue.deleteAllReferences();
            }
        }
    }
}
