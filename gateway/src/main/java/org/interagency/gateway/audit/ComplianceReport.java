package org.interagency.gateway.audit;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.interagency.gateway.ledger.LedgerEntry;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The monthly figures that a county's multi-agency review requests, per MOU: exchanges made,
 * denials with their reasons, automatic referrals and delivery failures, counted from this
 * gateway's ledger for one calendar month in UTC. Counts only, no youth-level data.
 */
public final class ComplianceReport {

    /** Group of the entries that name no MOU clause, such as a denial for lack of one. */
    public static final String NO_MOU = "(no MOU clause)";

    /** The figures of one MOU. */
    public static final class Figures {
        private final Set<String> exchanges = new HashSet<>();
        private final Map<String, Integer> denials = new TreeMap<>();
        private int automaticReferrals;
        private final Map<String, Integer> deliveryFailures = new TreeMap<>();

        /** Returns the number of messages disclosed to a recipient (each message and recipient once). */
        public int exchanges() {
            return exchanges.size();
        }

        /** Returns the number of denials and refusals by reason code. */
        public Map<String, Integer> denials() {
            return denials;
        }

        public int automaticReferrals() {
            return automaticReferrals;
        }

        /** Returns the number of failed deliveries by reason code. */
        public Map<String, Integer> deliveryFailures() {
            return deliveryFailures;
        }
    }

    private final String gateway;
    private final YearMonth month;
    private final Map<String, Figures> byMou = new TreeMap<>();

    private ComplianceReport(String gateway, YearMonth month) {
        this.gateway = gateway;
        this.month = month;
    }

    /** Counts the figures of {@code month} from the ledger of {@code gateway}. */
    public static ComplianceReport of(JdbcClient jdbc, String gateway, YearMonth month) {
        ComplianceReport report = new ComplianceReport(gateway, month);
        AuditQuery.all()
                .between(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                .forEach(jdbc, report::count);
        return report;
    }

    /** Returns the figures by MOU id, with {@link #NO_MOU} for entries without a clause. */
    public Map<String, Figures> byMou() {
        return byMou;
    }

    private void count(LedgerEntry entry) {
        switch (entry.event()) {
            case SENT, DELIVERED -> figures(entry).exchanges.add(entry.messageId() + " " + entry.recipientAgency());
            case DENIED, REFUSED -> figures(entry).denials.merge(reason(entry), 1, Integer::sum);
            case AUTOMATIC_REFERRAL -> figures(entry).automaticReferrals++;
            case DELIVERY_FAILED -> figures(entry).deliveryFailures.merge(reason(entry), 1, Integer::sum);
            default -> {
                // Other steps are not figures of the review.
            }
        }
    }

    private Figures figures(LedgerEntry entry) {
        String clause = entry.mouClause();
        String mou = clause == null ? NO_MOU : clause.contains("/") ? clause.substring(0, clause.indexOf('/')) : clause;
        return byMou.computeIfAbsent(mou, key -> new Figures());
    }

    private static String reason(LedgerEntry entry) {
        return entry.reasonCode() == null ? "(no reason code)" : entry.reasonCode();
    }

    /** Writes the report as text for people. */
    public void writeText(PrintWriter out) {
        out.printf("Compliance report of the %s gateway for %s (UTC)%n", gateway, month);
        if (byMou.isEmpty()) {
            out.println();
            out.println("No exchanges, denials, referrals or delivery failures were recorded in this month.");
        }
        for (Map.Entry<String, Figures> mou : byMou.entrySet()) {
            Figures figures = mou.getValue();
            out.println();
            out.println("MOU " + mou.getKey());
            out.printf("  exchanges made        %6d%n", figures.exchanges());
            out.printf("  denials               %6d%n", total(figures.denials));
            figures.denials.forEach((reason, count) -> out.printf("    %-26s%6d%n", reason, count));
            out.printf("  automatic referrals   %6d%n", figures.automaticReferrals);
            out.printf("  delivery failures     %6d%n", total(figures.deliveryFailures));
            figures.deliveryFailures.forEach((reason, count) -> out.printf("    %-26s%6d%n", reason, count));
        }
        out.flush();
    }

    /** Writes the report as CSV: one row per MOU, measure and reason. */
    public void writeCsv(PrintWriter out) {
        out.print("gateway,month,mou,measure,reason,count\r\n");
        for (Map.Entry<String, Figures> mou : byMou.entrySet()) {
            Figures figures = mou.getValue();
            row(out, mou.getKey(), "exchanges", "", figures.exchanges());
            figures.denials.forEach((reason, count) -> row(out, mou.getKey(), "denials", reason, count));
            row(out, mou.getKey(), "automatic-referrals", "", figures.automaticReferrals);
            figures.deliveryFailures.forEach((reason, count) -> row(out, mou.getKey(), "delivery-failures", reason, count));
        }
        out.flush();
    }

    private void row(PrintWriter out, String mou, String measure, String reason, int count) {
        out.print(gateway + "," + month + "," + quote(mou) + "," + measure + "," + reason + "," + count + "\r\n");
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
