package org.interagency.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DeliveryStateTest {

    @ParameterizedTest(name = "{0} precedes {1}: {2}")
    @CsvSource({
        "ACCEPTED, SEALED, true",
        "SEALED, SENT, true",
        "SENT, DELIVERED, true",
        "ACCEPTED, ACKNOWLEDGED, true",
        "DELIVERED, RECEIPTED, true",
        "RECEIPTED, ACKNOWLEDGED, true",
        "DELIVERED, SENT, false",
        "ACKNOWLEDGED, RECEIPTED, false",
        "SENT, SENT, false",
        "FAILED, DELIVERED, false",
        "FAILED, FAILED, false",
        "ACKNOWLEDGED, FAILED, false"})
    void precedesKeepsOrder(DeliveryState from, DeliveryState to, boolean expected) {
        assertThat(from.precedes(to)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = DeliveryState.class, names = {"FAILED", "ACKNOWLEDGED"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOpenStatePrecedesFailed(DeliveryState state) {
        assertThat(state.precedes(DeliveryState.FAILED)).isTrue();
    }
}
