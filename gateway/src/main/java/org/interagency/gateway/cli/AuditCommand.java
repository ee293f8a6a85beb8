package org.interagency.gateway.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.interagency.gateway.audit.AuditExport;
import org.interagency.gateway.audit.AuditParameters;
import org.interagency.gateway.audit.AuditQuery;
import org.interagency.gateway.audit.ComplianceReport;
import org.interagency.gateway.audit.WitnessedCopies;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.VerificationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/gateway audit}: the compliance officer's commands on a county's ledger, read from
 * the gateway's database without the gateway: verify, export, report and evidence.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, export and report on a county gateway's audit ledger.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Report.class,
                AuditCommand.Evidence.class, AuditCommand.Witnessed.class})
final class AuditCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return GatewayCommand.missingCommand(spec);
    }

    /** The options that name the county's configuration and data folders. */
    static final class Database {
        @Option(names = "--config", paramLabel = "DIR",
                description = "County configuration folder with gateway.yml (default: config/demo/alameda).")
        Path config;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Data folder of the gateway, with db/ (default: demo-data/<folder name of --config>).")
        Path data;

        AuditDatabase open() throws Exception {
            return AuditDatabase.open(config, data);
        }
    }

    /** {@code audit verify}: checks the chain, the checkpoints and the partners' acknowledgements. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify the ledger: exit 0 when intact, 1 with the first broken entry and what is wrong."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        Database database;

        @Option(names = "--witnessed", paramLabel = "FILE",
                description = "Also check against the copies of this gateway's checkpoints that a partner stored, "
                        + "from 'audit witnessed' at the partner gateway.")
        Path witnessed;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            WitnessedCopies copies = witnessed == null ? null
                    : WitnessedCopies.fromJson(CommandFiles.read("--witnessed", witnessed, "the file 'audit witnessed' wrote"),
                            "--witnessed " + witnessed);
            try (AuditDatabase db = database.open()) {
                return verify(db, copies);
            }
        }

        private Integer verify(AuditDatabase db, WitnessedCopies copies) {
            if (copies != null) {
                copies.requireWitnessOf(db.county(), "--witnessed " + witnessed);
            }

            VerificationReport report = copies == null ? db.verifier().verify()
                    : db.verifier().verify(copies.signedCheckpoints(), copies.witness());

            PrintWriter out = spec.commandLine().getOut();
            out.printf("ledger of %s: %d entries up to entry %d, %d signed checkpoints (%d time-stamped), "
                    + "%d partner acknowledgements, witnessed up to entry %d%n", db.county(), report.entries(),
                    report.headSeq(), report.checkpoints(), report.timestamped(), report.witnessed(), report.witnessedUpTo());
            if (copies != null) {
                out.printf("checked against %d checkpoints that %s witnessed%n", copies.signedCheckpoints().size(),
                        copies.witness());
            }
            if (report.intact()) {
                db.record(LedgerEvent.AUDIT_VIEWED, "verify");
                out.println("intact: every entry matches its hash and link, and every checkpoint matches its entry");
                out.flush();
                return 0;
            }
            // Appending to a broken ledger would change what the next verify reports, so this
            // check stays out of it.
            out.println("this check is not recorded in the ledger, because the ledger is broken");
            out.flush();
            VerificationReport.Problem first = report.firstProblem();
            spec.commandLine().getErr().println("gateway: the ledger is broken at entry " + first.seq() + " ("
                    + first.kind() + "): " + first.detail());
            for (VerificationReport.Problem more : report.problems().subList(1, report.problems().size())) {
                spec.commandLine().getErr().println("  also entry " + more.seq() + " (" + more.kind() + "): " + more.detail());
            }
            return 1;
        }
    }

    /** {@code audit export}: writes the entries of a time range as CSV or as a FHIR Bundle of AuditEvents. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export ledger entries as CSV or as a FHIR Bundle of AuditEvent resources (IHE BALP).")
    static final class Export implements Callable<Integer> {
        @Mixin
        Database database;

        @Option(names = "--format", paramLabel = "csv|fhir", defaultValue = "csv", description = "Output format (default: csv).")
        String format;

        @Option(names = "--from", paramLabel = "DATE", description = "First day (YYYY-MM-DD, UTC) or instant to include.")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Day or instant to stop before (exclusive).")
        String to;

        @Option(names = "--out", paramLabel = "FILE", description = "File to write (default: standard output).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Instant start = AuditParameters.time("--from", from);
            Instant end = AuditParameters.time("--to", to);
            try (AuditDatabase db = database.open()) {
                List<LedgerEntry> entries = new ArrayList<>();
                AuditQuery.all().between(start, end).forEach(db.jdbc(), entries::add);
                String text = AuditExport.render(FhirContext.forR4Cached(), format, entries);

                db.record(LedgerEvent.AUDIT_EXPORTED, "export-" + format);
                write(spec, out, text.getBytes(StandardCharsets.UTF_8));
                return 0;
            }
        }
    }

    /** {@code audit report}: the monthly figures per MOU for the multi-agency review. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Print the month's exchanges, denials with reasons, automatic referrals and delivery failures per MOU.")
    static final class Report implements Callable<Integer> {
        @Mixin
        Database database;

        @Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "Calendar month, in UTC.")
        String month;

        @Option(names = "--format", paramLabel = "text|csv", defaultValue = "text", description = "Output format (default: text).")
        String format;

        @Option(names = "--out", paramLabel = "FILE", description = "File to write (default: standard output).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            YearMonth period;
            try {
                period = YearMonth.parse(month);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--month " + month + " is not a month; give YYYY-MM, such as 2026-03");
            }
            if (!format.equals("text") && !format.equals("csv")) {
                throw new IllegalArgumentException("--format " + format + " is not supported; give text or csv");
            }
            ComplianceReport report;
            try (AuditDatabase db = database.open()) {
                report = ComplianceReport.of(db.jdbc(), db.county(), period);
                db.record(LedgerEvent.AUDIT_EXPORTED, "report-" + period);
            }

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintWriter writer = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
            if (format.equals("csv")) {
                report.writeCsv(writer);
            } else {
                report.writeText(writer);
            }
            write(spec, out, bytes.toByteArray());
            return 0;
        }
    }

    /** {@code audit witnessed}: the partner's checkpoints this gateway stored, for the partner's officer. */
    @Command(name = "witnessed", mixinStandardHelpOptions = true,
            description = "Write the signed checkpoints of a partner county that this gateway stored, for that county's "
                    + "'audit verify --witnessed'.")
    static final class Witnessed implements Callable<Integer> {
        @Mixin
        Database database;

        @Option(names = "--county", paramLabel = "COUNTY", required = true, description = "The partner county, such as alameda.")
        String county;

        @Option(names = "--out", paramLabel = "FILE", description = "File to write (default: standard output).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (AuditDatabase db = database.open()) {
                WitnessedCopies copies = WitnessedCopies.of(new CheckpointStore(db.jdbc()), db.county(), county);

                db.record(LedgerEvent.AUDIT_EXPORTED, "witnessed-" + county);
                write(spec, out, copies.toBytes());
                return 0;
            }
        }
    }

    /** {@code audit evidence}: the evidence package of one message. */
    @Command(name = "evidence", mixinStandardHelpOptions = true,
            description = "Write the evidence package of one message: a zip that openssl checks offline (see its README).")
    static final class Evidence implements Callable<Integer> {
        @Mixin
        Database database;

        @Parameters(paramLabel = "MESSAGE_ID", description = "The MessageHeader id of the message.")
        String messageId;

        @Option(names = "--out", paramLabel = "FILE.zip", required = true, description = "Zip file to write.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            byte[] zip;
            try (AuditDatabase db = database.open()) {
                zip = db.evidence().toBytes(messageId);
                db.record(LedgerEvent.AUDIT_EXPORTED, "evidence");
            }
            CommandFiles.write("--out", out, zip);
            spec.commandLine().getOut().println("wrote the evidence package of message " + messageId + " to "
                    + out.toAbsolutePath() + "; unpack it and run verify.sh as its README says");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static void write(CommandLine.Model.CommandSpec spec, Path file, byte[] bytes) throws Exception {
        if (file != null) {
            CommandFiles.write("--out", file, bytes);
            return;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(new String(bytes, StandardCharsets.UTF_8));
        stdout.flush();
    }
}
