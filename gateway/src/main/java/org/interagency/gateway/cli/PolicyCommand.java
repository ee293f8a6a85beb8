package org.interagency.gateway.cli;

import ca.uhn.fhir.context.FhirContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.fhir.ParsedMessage;
import org.interagency.gateway.policy.PolicyDecision;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.policy.PolicyRequest;
import org.interagency.gateway.policy.WithheldResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/gateway policy}: explains policy decisions without sending anything. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Explain policy decisions.",
        subcommands = {PolicyCommand.Check.class})
final class PolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return GatewayCommand.missingCommand(spec);
    }

    /**
     * {@code policy check}: runs the policy engine on a message for one recipient with the MOUs
     * of {@code --config} and prints the decision, the clauses and Consents used and what would
     * be withheld. Exits 0 when the message would be allowed, 1 when denied.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Print the policy decision for a message to one recipient, without sending anything.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--message", required = true, paramLabel = "BUNDLE", description = "FHIR message Bundle file, JSON or XML.")
        Path message;

        @Option(names = "--to", required = true, paramLabel = "AGENCY",
                description = "Recipient: an agency id such as contra-costa.probation, or a destination such as urn:point-person:contra-costa:probation.")
        String to;

        @Option(names = "--purpose", required = true, paramLabel = "PURPOSE",
                description = "Purpose of use: treatment, safety-planning, investigation, prosecution, placement, court or statistics.")
        String purpose;

        @Option(names = "--consent", paramLabel = "FILE",
                description = "FHIR Consent (JSON) to consider, as the sending gateway's consent store would; repeatable.")
        List<Path> consents = new ArrayList<>();

        @Option(names = "--config", paramLabel = "DIR",
                description = "Configuration of the sending county's gateway: directory, MOUs, data-class table (default: config/demo/alameda).")
        Path config;

        @Override
        public Integer call() throws Exception {
            if (!PolicyHeader.PURPOSES.contains(purpose)) {
                throw new IllegalArgumentException("--purpose " + purpose + " is not a purpose of use; use one of "
                        + String.join(", ", PolicyHeader.PURPOSES));
            }
            CountyConfig county = CountyConfig.load(Configs.folder(config));
            byte[] bundle = CommandFiles.read("--message", message, "the FHIR message Bundle to check");
            ParsedMessage parsed = CommandFiles.validate("--message " + message, bundle);
            Directory directory = county.directory();
            Agency sender = directory.agency(parsed.senderAgency()).orElseThrow(() -> new IllegalArgumentException(
                    "the MessageHeader sender " + parsed.senderAgency() + " is not an agency of the directory of " + county.folder()));
            Agency recipient = recipient(directory);

            PolicyEngine engine = new PolicyEngine(county.mous(), county.policy().dataClasses());
            PolicyDecision decision = engine.decide(new PolicyRequest(sender, recipient, parsed.exchangeType(), purpose,
                    parsed.bundle(), readConsents(), LocalDate.now()));

            print(decision, parsed, sender, recipient);
            if (!decision.allowed()) {
                throw new IllegalArgumentException("denied " + decision.reason() + ": " + decision.explanation());
            }
            return 0;
        }

        private Agency recipient(Directory directory) {
            if (to.startsWith("urn:")) {
                return directory.resolve(to);
            }
            return directory.agency(to).orElseThrow(() -> new IllegalArgumentException("--to " + to
                    + " is not an agency of the directory; use an agency id such as contra-costa.probation"));
        }

        private List<Consent> readConsents() {
            List<Consent> read = new ArrayList<>();
            for (Path file : consents) {
                String json = new String(CommandFiles.read("--consent", file, "a FHIR Consent in JSON"), StandardCharsets.UTF_8);
                Consent consent;
                try {
                    consent = FhirContext.forR4Cached().newJsonParser().parseResource(Consent.class, json);
                } catch (RuntimeException e) {
                    // HAPI reports a wrong resource type and broken JSON with different exceptions. The
                    // message carries HAPI's, and no cause, because the command prints the root cause's.
                    throw new IllegalArgumentException("--consent " + file + ": not a FHIR Consent in JSON ("
                            + e.getMessage() + "); give a Consent such as schemas/src/main/resources/examples/consent/"
                            + "mental-health-screening.json");
                }
                if (!consent.hasId()) {
                    // A Consent not recorded yet has no id, so the output names it by its file name.
                    consent.setId(file.getFileName().toString().replaceFirst("\\.json$", ""));
                }
                read.add(consent);
            }
            return read;
        }

        private void print(PolicyDecision decision, ParsedMessage parsed, Agency sender, Agency recipient) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("message " + parsed.messageId() + " (" + parsed.exchangeType() + ") from " + sender.id() + " to "
                    + recipient.id() + " for " + purpose);
            out.println("  decision:  " + (decision.allowed() ? "allowed" : "denied " + decision.reason()));
            out.println("  clauses:   " + (decision.clauses().isEmpty() ? "none" : decision.clauseList()));
            out.println("  consents:  " + (decision.consentIds().isEmpty() ? "none" : decision.consentIds()));
            if (decision.allowed()) {
                out.println("  mous:      " + decision.mous());
                out.println("  retention: " + decision.retentionDays() + " days; onward disclosure "
                        + (decision.onwardDisclosure() ? "allowed" : "not allowed"));
                out.println("  withheld:  " + (decision.withheld().isEmpty() ? "nothing" : decision.withheld().size() + " entries"));
                for (WithheldResource withheld : decision.withheld()) {
                    out.println("    - " + withheld);
                }
            }
            out.println("  why:       " + decision.explanation());
        }
    }
}
