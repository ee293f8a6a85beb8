package org.interagency.gateway.admin;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.tracking.DeliveryState;
import org.interagency.gateway.tracking.MessageTracker;

/**
 * The gateway's dead-letter queues in the broker: lists what waits there, moves a message back
 * to the queue it failed from, or removes it. Each move or removal runs in one JMS transaction,
 * so a failure halfway neither loses nor duplicates the message.
 */
public class DeadLetters {

    /** Each dead-letter queue of the routes and the queue its messages came from. */
    static final Map<String, String> ORIGINS = originsInOrder();

    /** Form of the JMS message ids Artemis assigns; anything else cannot name a dead letter. */
    private static final Pattern JMS_ID = Pattern.compile("ID:[A-Za-z0-9-]{1,80}");

    /** Time allowed for the broker to hand over the selected message. */
    private static final long RECEIVE_TIMEOUT_MILLIS = 2000;

    private final ConnectionFactory connections;
    private final MessageTracker tracker;

    public DeadLetters(ConnectionFactory connections, MessageTracker tracker) {
        this.connections = connections;
        this.tracker = tracker;
    }

    /** Lists the messages of every dead-letter queue, oldest first within each queue. */
    public List<DeadLetter> list() {
        List<DeadLetter> all = new ArrayList<>();
        for (String queue : ORIGINS.keySet()) {
            withSession(false, session -> {
                try (QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                    for (Message message : Collections.list((Enumeration<?>) browser.getEnumeration()).stream()
                            .map(Message.class::cast).toList()) {
                        all.add(describe(queue, message));
                    }
                }
                return null;
            });
        }
        return all;
    }

    /**
     * Moves one message back to the queue it failed from, so the route tries it again, and
     * marks its failed recipients as waiting again. Returns what was moved.
     *
     * @throws GatewayException NOT_FOUND if the queue is not a dead-letter queue or contains no such message
     */
    public DeadLetter resend(String queue, String id) {
        String origin = origin(queue);
        DeadLetter moved = withSession(true, session -> {
            Optional<Message> message = take(session, queue, id);
            if (message.isEmpty()) {
                return null;
            }
            try (MessageProducer producer = session.createProducer(session.createQueue(origin))) {
                producer.send(message.get());
            }
            session.commit();
            return describe(queue, message.get());
        });
        if (moved == null) {
            throw notFound(queue, id);
        }

        reopen(moved);
        return moved;
    }

    /**
     * Removes one message for good and returns what was removed.
     *
     * @throws GatewayException NOT_FOUND if the queue is not a dead-letter queue or contains no such message
     */
    public DeadLetter discard(String queue, String id) {
        origin(queue);
        DeadLetter removed = withSession(true, session -> {
            Optional<Message> message = take(session, queue, id);
            session.commit();
            return message.isEmpty() ? null : describe(queue, message.get());
        });
        if (removed == null) {
            throw notFound(queue, id);
        }
        return removed;
    }

    /** Moves the FAILED recipients of a resent message back to the state before the failed step, so status follows the new try. */
    private void reopen(DeadLetter moved) {
        if (moved.messageId() == null) {
            return;
        }
        if (moved.queue().equals("gateway.outbound.dead") && moved.recipientCounty() != null) {
            tracker.reopen(moved.messageId(), moved.recipientCounty(), DeliveryState.SEALED);
        } else if (moved.queue().equals("gateway.seal.dead")) {
            tracker.reopen(moved.messageId(), null, DeliveryState.ACCEPTED);
        }
    }

    private static Optional<Message> take(Session session, String queue, String id) throws JMSException {
        if (!JMS_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), "JMSMessageID = '" + id + "'")) {
            return Optional.ofNullable(consumer.receive(RECEIVE_TIMEOUT_MILLIS));
        }
    }

    private static DeadLetter describe(String queue, Message message) throws JMSException {
        return new DeadLetter(message.getJMSMessageID(), queue,
                message.getStringProperty(Headers.MESSAGE_ID),
                message.getStringProperty(Headers.EXCHANGE_TYPE),
                message.getStringProperty(Headers.SENDER_AGENCY),
                message.getStringProperty(Headers.RECIPIENT_COUNTY),
                message.getStringProperty(Headers.RECIPIENT_AGENCY) != null
                        ? message.getStringProperty(Headers.RECIPIENT_AGENCY)
                        : message.getStringProperty(Headers.RECIPIENTS),
                message.getStringProperty(Headers.FAILURE_CODE),
                Instant.ofEpochMilli(message.getJMSTimestamp()));
    }

    private static String origin(String queue) {
        String origin = ORIGINS.get(queue);
        if (origin == null) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "'" + queue + "' is not a dead-letter queue of the gateway; use one of "
                    + ORIGINS.keySet());
        }
        return origin;
    }

    private static GatewayException notFound(String queue, String id) {
        return new GatewayException(ErrorCode.NOT_FOUND, "no message " + id + " in " + queue
                + "; list the dead letters with GET /api/v1/admin/dead-letters");
    }

    private <T> T withSession(boolean transacted, SessionWork<T> work) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE)) {
                return work.run(session);
            }
        } catch (JMSException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "the broker failed on a dead-letter queue: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> originsInOrder() {
        Map<String, String> origins = new LinkedHashMap<>();
        origins.put("gateway.seal.dead", "gateway.seal");
        origins.put("gateway.outbound.dead", "gateway.outbound");
        origins.put("gateway.receipts.outbound.dead", "gateway.receipts.outbound");
        return Collections.unmodifiableMap(origins);
    }

    /** Work on one JMS session. */
    @FunctionalInterface
    private interface SessionWork<T> {
        T run(Session session) throws JMSException;
    }
}
