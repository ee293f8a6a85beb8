package org.interagency.gateway.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Builds the accounting of disclosures for one subject pseudonym from the ledger. */
final class Disclosures {

    // A message counts as disclosed to a recipient once it left this gateway for it, arrived in
    // its inbox here, or was referred automatically. Accepted or denied alone discloses nothing.
    private static final Set<LedgerEvent> DISCLOSING = Set.of(LedgerEvent.SENT, LedgerEvent.DELIVERED,
            LedgerEvent.AUTOMATIC_REFERRAL);

    private Disclosures() {
    }

    /** Returns one disclosure per message and recipient agency, in the order they began. */
    static List<Disclosure> of(JdbcClient jdbc, String subject) {
        if (subject == null) {
            return List.of();
        }
        Map<String, List<LedgerEntry>> byRecipient = new LinkedHashMap<>();
        AuditQuery query = new AuditQuery(null, null, null, null, null, null, null, subject, List.of());
        query.forEach(jdbc, entry -> {
            if (entry.messageId() != null && entry.recipientAgency() != null) {
                byRecipient.computeIfAbsent(entry.messageId() + " " + entry.recipientAgency(), key -> new ArrayList<>())
                        .add(entry);
            }
        });

        List<Disclosure> disclosures = new ArrayList<>();
        for (List<LedgerEntry> entries : byRecipient.values()) {
            if (entries.stream().noneMatch(entry -> DISCLOSING.contains(entry.event()))) {
                continue;
            }
            disclosures.add(disclosure(entries));
        }
        return disclosures;
    }

    private static Disclosure disclosure(List<LedgerEntry> entries) {
        LedgerEntry first = entries.get(0);
        LedgerEntry last = entries.get(entries.size() - 1);
        Instant started = first.recordedAt();
        return new Disclosure(first.messageId(), firstNonNull(entries, LedgerEntry::exchangeType),
                firstNonNull(entries, LedgerEntry::senderAgency), first.recipientAgency(),
                firstNonNull(entries, LedgerEntry::mouClause), firstNonNull(entries, LedgerEntry::consentIds),
                firstNonNull(entries, LedgerEntry::purpose), started, last.event().name(),
                entries.stream().map(LedgerEntry::seq).toList());
    }

    private static String firstNonNull(List<LedgerEntry> entries, java.util.function.Function<LedgerEntry, String> field) {
        return entries.stream().map(field).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
