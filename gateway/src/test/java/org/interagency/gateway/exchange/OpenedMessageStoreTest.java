package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.interagency.gateway.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Replay store retention: rows older than the retention are purged, younger ones stay. */
class OpenedMessageStoreTest {

    private static final Instant OPENED = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24).plusMinutes(10);

    private final JdbcClient jdbc = MigratedDatabase.create();

    @Test
    void purgeKeepsRowsInsideRetention() {
        open("msg-1");

        int deleted = storeAt(OPENED.plus(RETENTION)).purgeExpired();

        assertThat(deleted).isZero();
        assertThat(storeAt(OPENED).envelopeDigest("msg-1")).contains("sha256:msg-1");
    }

    @Test
    void purgeDeletesRowsOlderThanRetention() {
        open("msg-1");
        new OpenedMessageStore(jdbc, Clock.fixed(OPENED.plus(Duration.ofHours(2)), ZoneOffset.UTC), RETENTION)
                .record("msg-2", "detention-notice", "alameda.juvenile-hall", "alameda", "sha256:msg-2", new byte[] {2});

        int deleted = storeAt(OPENED.plus(RETENTION).plusSeconds(1)).purgeExpired();

        assertThat(deleted).isEqualTo(1);
        assertThat(storeAt(OPENED).envelopeDigest("msg-1")).isEmpty();
        assertThat(storeAt(OPENED).envelopeDigest("msg-2")).contains("sha256:msg-2");
    }

    private void open(String messageId) {
        storeAt(OPENED).record(messageId, "detention-notice", "alameda.juvenile-hall", "alameda", "sha256:" + messageId,
                new byte[] {1});
    }

    private OpenedMessageStore storeAt(Instant now) {
        return new OpenedMessageStore(jdbc, Clock.fixed(now, ZoneOffset.UTC), RETENTION);
    }
}
