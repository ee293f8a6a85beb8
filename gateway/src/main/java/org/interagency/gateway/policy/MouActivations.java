package org.interagency.gateway.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records an {@code MOU_ACTIVATED} ledger entry for each signed version of an MOU the first
 * time the gateway starts with it active: every party signed and today is inside its dates.
 * The entry names the MOU and version in its clause field and the signed form's digest, so an
 * officer can tell from the ledger alone which agreement was in force from when.
 */
public final class MouActivations {

    private MouActivations() {
    }

    /** Appends the entries for active versions not recorded before, and returns how many it appended. */
    public static int recordAtStart(Ledger ledger, JdbcClient jdbc, MouRepository mous, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int recorded = 0;

        for (SignedMou mou : mous.all()) {
            if (!mou.activeOn(today) || alreadyRecorded(jdbc, mou.digest())) {
                continue;
            }
            MouBinding binding = mou.binding();
            ledger.append(LedgerRecord.of(LedgerEvent.MOU_ACTIVATED, Decision.PERMIT)
                    .withMouClause(binding.mouId() + " v" + binding.version())
                    .withReason("SIGNED_BY_EVERY_PARTY")
                    .withDigest(mou.digest())
                    .withActor("gateway start"));
            recorded++;
        }
        return recorded;
    }

    private static boolean alreadyRecorded(JdbcClient jdbc, String digest) {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE event = ? AND payload_digest = ?")
                .params(LedgerEvent.MOU_ACTIVATED.name(), digest)
                .query(Long.class)
                .single() > 0;
    }
}
