package org.interagency.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The example messages of the schemas module, each use with a fresh message id. */
public final class Messages {

    /** MessageHeader id that every example file carries. */
    public static final String EXAMPLE_ID = "0b6a1f52-7c3e-4d8a-9f10-2e4b6c8d0a13";

    /** Bundle.timestamp that every example file carries; a receiving gateway refuses it once it is older than a day. */
    public static final String EXAMPLE_TIMESTAMP = "2026-03-02T09:15:00-08:00";

    private Messages() {
    }

    /** Returns the example {@code examples/detention-notice/<name>} as text. */
    public static String example(String name) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("examples/detention-notice/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the example with its message id replaced by {@code messageId} and its Bundle.timestamp set to now. */
    public static String withId(String name, String messageId) {
        return withIdAt(name, messageId, Instant.now());
    }

    /** Returns the example with its message id replaced by {@code messageId} and its Bundle.timestamp set to {@code timestamp}. */
    public static String withIdAt(String name, String messageId, Instant timestamp) {
        return example(name).replace(EXAMPLE_ID, messageId)
                .replace(EXAMPLE_TIMESTAMP, timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Returns a new message id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
