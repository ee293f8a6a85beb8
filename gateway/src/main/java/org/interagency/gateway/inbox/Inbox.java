package org.interagency.gateway.inbox;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.exchange.Headers;
import org.interagency.gateway.exchange.Opening;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.interagency.gateway.policy.PolicyDecision;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The recipient agencies' inboxes. Each agency has a persistent broker queue
 * {@code inbox.<agency-id>} holding the opened messages; the database keeps which messages
 * arrived and which were acknowledged. Bean {@code inbox} in the routes.
 */
public class Inbox {

    /** Prefix of the inbox queue names; the agency id follows. */
    public static final String QUEUE_PREFIX = "inbox.";

    /** Header the route filters on: the message is already in this agency's inbox. */
    public static final String ALREADY_IN_INBOX = "gatewayAlreadyInInbox";

    // Message ids go into JMS selectors, so only this form is accepted.
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

    // A receive without a timeout would wait for ever if the queue lost the message.
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(5);

    private final JmsTemplate jms;
    private final JmsTemplate receiver;
    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Clock clock;

    public Inbox(JmsTemplate jms, JdbcClient jdbc, Ledger ledger, Clock clock) {
        this.jms = jms;
        this.receiver = new JmsTemplate(jms.getConnectionFactory());
        this.receiver.setReceiveTimeout(RECEIVE_TIMEOUT.toMillis());
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Sets {@link #ALREADY_IN_INBOX} when the recipient already has this message. */
    public void checkNew(Exchange exchange) {
        Message in = exchange.getMessage();
        Integer count = jdbc.sql("SELECT COUNT(*) FROM inbox_entry WHERE message_id = ? AND recipient_agency = ?")
                .params(in.getHeader(Headers.MESSAGE_ID), in.getHeader(Headers.RECIPIENT_AGENCY))
                .query(Integer.class)
                .single();
        in.setHeader(ALREADY_IN_INBOX, count > 0);
    }

    /** Records that the message reached the recipient's inbox queue. */
    public void recordDelivered(Exchange exchange) {
        Message in = exchange.getMessage();
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String type = in.getHeader(Headers.EXCHANGE_TYPE, String.class);
        String sender = in.getHeader(Headers.SENDER_AGENCY, String.class);
        String recipient = in.getHeader(Headers.RECIPIENT_AGENCY, String.class);
        @SuppressWarnings("unchecked")
        Map<String, PolicyDecision> decisions = exchange.getProperty(Opening.RECIPIENT_DECISIONS, Map.of(), Map.class);
        PolicyDecision decision = decisions.get(recipient);

        // The clause's retention bounds how long the payload may wait here; the purge deletes it
        // after that. Without a decision the purge applies gateway.retention.default-days.
        OffsetDateTime receivedAt = now();
        OffsetDateTime retainUntil = decision == null || decision.retentionDays() <= 0 ? null
                : receivedAt.plusDays(decision.retentionDays());
        jdbc.sql("""
                INSERT INTO inbox_entry (message_id, recipient_agency, sender_agency, sender_county, exchange_type, received_at,
                    retain_until)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(messageId, recipient, sender, in.getHeader(Headers.SENDER_COUNTY), type, receivedAt, retainUntil)
                .update();

        LedgerRecord delivered = LedgerRecord.of(LedgerEvent.DELIVERED, Decision.PERMIT).withMessage(messageId, type)
                .withAgencies(sender, recipient).withDigest(in.getHeader(Headers.PAYLOAD_DIGEST, String.class));
        if (decision != null) {
            // The receiving gateway's own decision: the clauses and Consents it allowed the message under.
            delivered = delivered.withMouClause(decision.clauseList())
                    .withConsents(decision.consentIds().isEmpty() ? null : String.join(",", decision.consentIds()));
        }
        ledger.append(delivered);
    }

    /** Returns up to {@code max} messages waiting in {@code agency}'s inbox, oldest first. */
    public List<InboxMessage> list(String agency, int max) {
        return jms.browse(QUEUE_PREFIX + agency, (session, browser) -> {
            List<InboxMessage> messages = new ArrayList<>();
            Enumeration<?> waiting = browser.getEnumeration();
            while (waiting.hasMoreElements() && messages.size() < max) {
                messages.add(toInboxMessage((jakarta.jms.Message) waiting.nextElement()));
            }
            return messages;
        });
    }

    /** Returns one waiting message of {@code agency}'s inbox. */
    public Optional<InboxMessage> get(String agency, String messageId) {
        String selector = selector(messageId);
        return Optional.ofNullable(jms.browseSelected(QUEUE_PREFIX + agency, selector, (session, browser) -> {
            Enumeration<?> waiting = browser.getEnumeration();
            return waiting.hasMoreElements() ? toInboxMessage((jakarta.jms.Message) waiting.nextElement()) : null;
        }));
    }

    /**
     * Takes an acknowledged message out of {@code agency}'s inbox and records the
     * acknowledgement; sets the headers the acknowledgement receipt needs.
     *
     * @throws GatewayException NOT_FOUND if the message never reached this inbox,
     *         ALREADY_ACKNOWLEDGED if it was acknowledged before
     */
    public void acknowledge(Exchange exchange) {
        Message in = exchange.getMessage();
        String agency = in.getHeader(Headers.CALLER, String.class);
        String messageId = in.getHeader(Headers.MESSAGE_ID, String.class);
        String selector = selector(messageId);

        claim(agency, messageId);
        jakarta.jms.Message taken = receiver.receiveSelected(QUEUE_PREFIX + agency, selector);
        if (taken == null) {
            release(agency, messageId);
            throw new GatewayException(ErrorCode.INTERNAL, "message " + messageId + " is recorded in the inbox of "
                    + agency + " but its queue " + QUEUE_PREFIX + agency + " does not hold it");
        }
        InboxMessage message = toInboxMessage(taken);

        ledger.append(LedgerRecord.of(LedgerEvent.ACKNOWLEDGED, Decision.PERMIT)
                .withMessage(messageId, message.exchangeType())
                .withAgencies(message.senderAgency(), agency)
                .withActor(agency));

        in.setHeader(Headers.EXCHANGE_TYPE, message.exchangeType());
        in.setHeader(Headers.SENDER_AGENCY, message.senderAgency());
        in.setHeader(Headers.RECIPIENT_AGENCY, agency);
        in.setHeader(Headers.RECIPIENT_COUNTY, message.senderCounty());
    }

    /**
     * Marks the message acknowledged in the database before it leaves the queue, so that two
     * acknowledgements at once cannot both succeed.
     * NOTE: the database update and the broker receive are separate transactions; a crash
     * between them leaves the message marked acknowledged while it still waits in the queue.
     */
    private void claim(String agency, String messageId) {
        int claimed = jdbc.sql("UPDATE inbox_entry SET acknowledged_at = ? WHERE message_id = ? AND recipient_agency = ? AND acknowledged_at IS NULL")
                .params(now(), messageId, agency)
                .update();
        if (claimed == 1) {
            return;
        }
        Integer known = jdbc.sql("SELECT COUNT(*) FROM inbox_entry WHERE message_id = ? AND recipient_agency = ?")
                .params(messageId, agency)
                .query(Integer.class)
                .single();
        if (known > 0) {
            throw new GatewayException(ErrorCode.ALREADY_ACKNOWLEDGED, "message " + messageId
                    + " was already acknowledged by " + agency + "; nothing more to do");
        }
        throw new GatewayException(ErrorCode.NOT_FOUND, "message " + messageId + " is not in the inbox of " + agency
                + "; list the inbox for the ids that are");
    }

    private void release(String agency, String messageId) {
        jdbc.sql("UPDATE inbox_entry SET acknowledged_at = NULL WHERE message_id = ? AND recipient_agency = ?")
                .params(messageId, agency)
                .update();
    }

    /** Returns how many messages wait in {@code agency}'s inbox, unacknowledged. */
    public int waiting(String agency) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_entry WHERE recipient_agency = ? AND acknowledged_at IS NULL")
                .param(agency)
                .query(Integer.class)
                .single();
    }

    /** Returns whether {@code messageId} has the form of a message id. */
    public static boolean isMessageId(String messageId) {
        return messageId != null && MESSAGE_ID.matcher(messageId).matches();
    }

    private static String selector(String messageId) {
        if (!isMessageId(messageId)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "'" + messageId + "' is not a message id");
        }
        return Headers.MESSAGE_ID + " = '" + messageId + "'";
    }

    private InboxMessage toInboxMessage(jakarta.jms.Message message) {
        try {
            return new InboxMessage(message.getStringProperty(Headers.MESSAGE_ID),
                    message.getStringProperty(Headers.EXCHANGE_TYPE), message.getStringProperty(Headers.SENDER_AGENCY),
                    message.getStringProperty(Headers.SENDER_COUNTY), Instant.ofEpochMilli(message.getJMSTimestamp()),
                    ((TextMessage) message).getText());
        } catch (JMSException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "inbox message cannot be read from the broker", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
