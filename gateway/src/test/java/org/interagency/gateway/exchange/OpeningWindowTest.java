package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.Test;

/** The time window of Bundle.timestamp and the CMS signing time, against a fixed clock. */
class OpeningWindowTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration MAX_AGE = Duration.ofHours(24);
    private static final Duration SKEW = Duration.ofMinutes(5);

    @Test
    void windowAcceptsRecentMessage() {
        Instant now = CLOCK.instant();

        assertThatCode(() -> check(now.minusSeconds(30), now.minusSeconds(20))).doesNotThrowAnyException();
    }

    @Test
    void windowAcceptsBothEdges() {
        Instant now = CLOCK.instant();

        assertThatCode(() -> check(now.minus(MAX_AGE).minus(SKEW), now.plus(SKEW))).doesNotThrowAnyException();
    }

    @Test
    void windowRejectsTwoDayOldTimestamp() {
        Instant now = CLOCK.instant();

        assertOutsideWindow(() -> check(now.minus(Duration.ofDays(2)), now), "Bundle.timestamp");
    }

    @Test
    void windowRejectsOldSigningTime() {
        Instant now = CLOCK.instant();

        assertOutsideWindow(() -> check(now, now.minus(MAX_AGE).minus(SKEW).minusSeconds(1)), "CMS signing time");
    }

    @Test
    void windowRejectsTimestampBeyondSkew() {
        Instant now = CLOCK.instant();

        assertOutsideWindow(() -> check(now.plus(SKEW).plusSeconds(1), now), "ahead of this gateway's clock");
    }

    @Test
    void windowRejectsFutureSigningTime() {
        Instant now = CLOCK.instant();

        assertOutsideWindow(() -> check(now, now.plus(Duration.ofHours(1))), "CMS signing time");
    }

    @Test
    void windowRejectsMissingTimestamp() {
        assertOutsideWindow(() -> check(null, CLOCK.instant()), "has no Bundle.timestamp");
    }

    private static void check(Instant timestamp, Instant signingTime) {
        Opening.checkWindow("msg-1", timestamp, signingTime, CLOCK.instant(), MAX_AGE, SKEW);
    }

    private static void assertOutsideWindow(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_OUTSIDE_WINDOW))
                .hasMessageContaining(detail)
                .hasMessageContaining("msg-1");
    }
}
