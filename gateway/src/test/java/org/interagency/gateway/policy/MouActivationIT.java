package org.interagency.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class MouActivationIT {

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    @Test
    void activeVersionsRecordedAtStart() {
        TestGateway alameda = pair.alameda();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> activeDigests = alameda.bean(MouRepository.class).all().stream()
                .filter(mou -> mou.activeOn(today))
                .map(SignedMou::digest)
                .toList();

        List<LedgerEntry> activations = activations(alameda);

        assertThat(activeDigests).as("the test configuration has active MOUs").isNotEmpty();
        assertThat(activations).extracting(LedgerEntry::payloadDigest).containsExactlyInAnyOrderElementsOf(activeDigests);
        assertThat(activations).allSatisfy(entry -> assertThat(entry.mouClause()).matches("mou-[a-z0-9-]+ v[0-9]+"));
    }

    @Test
    void secondStartRecordsNothing() {
        TestGateway alameda = pair.alameda();
        int before = activations(alameda).size();

        int recorded = MouActivations.recordAtStart(alameda.bean(Ledger.class), alameda.bean(JdbcClient.class),
                alameda.bean(MouRepository.class), Clock.systemUTC());

        assertThat(recorded).isZero();
        assertThat(activations(alameda)).hasSize(before);
    }

    private static List<LedgerEntry> activations(TestGateway gateway) {
        return gateway.bean(Ledger.class).entriesFrom(1, Integer.MAX_VALUE).stream()
                .filter(entry -> entry.event() == LedgerEvent.MOU_ACTIVATED)
                .toList();
    }
}
