package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestMous;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/gateway mou validate}, {@code mou sign} and {@code policy check} through the
 * command classes, with a development PKI and unsigned copies of the demo configurations.
 */
class MouPolicyCommandTest {

    private static final Path DEMO = Path.of("../config/demo").toAbsolutePath().normalize();
    private static final String ADVOCACY_MOU = "mou-victim-advocacy.yml";

    @TempDir
    static Path root;

    private static Path pki;
    private static Path alameda;
    private static Path contraCosta;

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void createPkiAndConfigs() throws Exception {
        pki = root.resolve("pki");
        Map<String, List<String>> agencies = DirectoryLoader.agencyIdsByCounty(DEMO.resolve("alameda/directory.yml"),
                Placeholders::fromEnvironment);
        DevPki.create(pki, agencies, false);
        alameda = copyConfig("alameda");
        contraCosta = copyConfig("contra-costa");
    }

    @BeforeEach
    void unsignedMou() throws IOException {
        Files.copy(DEMO.resolve("alameda/mous").resolve(ADVOCACY_MOU), work.resolve(ADVOCACY_MOU));
    }

    @Test
    void validateListsMissingParties() {
        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "inactive because it waits for the signatures of [alameda.victim-advocacy, "
                + "contra-costa.victim-advocacy]", "mou sign --as AGENCY");
        assertThat(out.toString()).contains("MOU mou-victim-advocacy version 1", "digest:     sha256:", "signed by:  []");
    }

    @Test
    void signByEveryPartyActivates() {
        int first = execute("mou", "sign", "--as", "alameda.victim-advocacy", mou(), "--config", alameda.toString());
        String afterFirst = out.toString();
        int second = execute("mou", "sign", "--as", "contra-costa.victim-advocacy", mou(), "--config", contraCosta.toString());
        int validated = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertThat(first).as("first signature; error: %s", err).isZero();
        assertThat(afterFirst).contains("as alameda.victim-advocacy", "still missing: [contra-costa.victim-advocacy]");
        assertThat(second).as("second signature; error: %s", err).isZero();
        assertThat(validated).as("validate; error: %s", err).isZero();
        assertThat(out.toString()).contains("status:     active today");
        assertThat(work.resolve(ADVOCACY_MOU + ".sig/alameda.victim-advocacy.p7s")).isRegularFile();
    }

    @Test
    void signRejectsAgencyOfOtherCounty() {
        int exitCode = execute("mou", "sign", "--as", "contra-costa.victim-advocacy", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "--as contra-costa.victim-advocacy belongs to contra-costa",
                "pass the configuration of contra-costa");
    }

    @Test
    void signRejectsNonParty() {
        int exitCode = execute("mou", "sign", "--as", "alameda.sheriff", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "--as alameda.sheriff is not a party of MOU mou-victim-advocacy");
    }

    @Test
    void validateRejectsFileChangedAfterSigning() throws IOException {
        execute("mou", "sign", "--as", "alameda.victim-advocacy", mou(), "--config", alameda.toString());
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, Files.readString(file).replace("retentionDays: 180", "retentionDays: 3650"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "alameda.victim-advocacy.p7s: the signature does not verify",
                "raise its version, delete the folder");
    }

    @Test
    void validateRejectsSignatureOfOtherParty() throws IOException {
        execute("mou", "sign", "--as", "alameda.victim-advocacy", mou(), "--config", alameda.toString());
        Path signatures = work.resolve(ADVOCACY_MOU + ".sig");
        Files.copy(signatures.resolve("alameda.victim-advocacy.p7s"), signatures.resolve("contra-costa.victim-advocacy.p7s"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "the signature was made by alameda.victim-advocacy, not by contra-costa.victim-advocacy");
    }

    @Test
    void validateRejectsSignatureOfNonParty() throws IOException {
        execute("mou", "sign", "--as", "alameda.victim-advocacy", mou(), "--config", alameda.toString());
        Path signatures = work.resolve(ADVOCACY_MOU + ".sig");
        Files.copy(signatures.resolve("alameda.victim-advocacy.p7s"), signatures.resolve("alameda.sheriff.p7s"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "alameda.sheriff is not a party of");
    }

    @Test
    void validateRejectsDuplicateParty() throws IOException {
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, Files.readString(file).replace("parties: [alameda.victim-advocacy,",
                "parties: [alameda.victim-advocacy, alameda.victim-advocacy,"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":7:", "/parties");
    }

    @Test
    void validateAcceptsReformattedFile() throws IOException {
        execute("mou", "sign", "--as", "alameda.victim-advocacy", mou(), "--config", alameda.toString());
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, "# A comment added after signing changes no value.\n" + Files.readString(file));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).contains("signed by:  [alameda.victim-advocacy]");
    }

    @Test
    void validateRejectsUnknownExchangeType() throws IOException {
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, Files.readString(file).replace("exchangeTypes: [service-referral,",
                "exchangeTypes: [transfer-notice, service-referral,"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":", "/clauses/0/exchangeTypes/0");
    }

    @Test
    void validateRejectsImpossibleDate() throws IOException {
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, Files.readString(file).replace("effective: 2026-01-01", "effective: 2026-02-30"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, file + ":8: /effective: invalid value", "FEBRUARY 30");
    }

    @Test
    void validateRejectsUnknownAgency() throws IOException {
        Path file = work.resolve(ADVOCACY_MOU);
        Files.writeString(file, Files.readString(file).replace("parties: [alameda.victim-advocacy,",
                "parties: [alameda.rape-crisis-center,"));

        int exitCode = execute("mou", "validate", mou(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, file + ":7: party alameda.rape-crisis-center is not an agency of the directory");
    }

    @Test
    void policyCheckExplainsRemoval() throws IOException {
        Path message = writeMessage("with-screening.json");

        int exitCode = execute("policy", "check", "--message", message.toString(), "--to", "contra-costa.probation",
                "--purpose", "safety-planning", "--config", alameda.toString());

        assertThat(exitCode).as("exit code; error: %s", err).isZero();
        assertThat(out.toString()).contains("decision:  allowed", "mou-two-county-csec-protocol/v2#detention-notices",
                "withheld:  1 entries", "Observation urn:uuid:2e4f6a8c-0b1d-4f3e-9a5c-7d9e1f3a5b7c [mental-health]",
                "needs the youth's consent", "retention: 365 days");
    }

    @Test
    void policyCheckUsesConsentFile() throws IOException {
        Path message = writeMessage("with-screening.json");
        Path consent = work.resolve("consent.json");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("examples/consent/mental-health-screening.json")) {
            Files.write(consent, in.readAllBytes());
        }

        int exitCode = execute("policy", "check", "--message", message.toString(), "--to", "urn:point-person:contra-costa:probation",
                "--purpose", "safety-planning", "--consent", consent.toString(), "--config", alameda.toString());

        assertThat(exitCode).as("exit code; error: %s", err).isZero();
        assertThat(out.toString()).contains("consents:  [consent]", "withheld:  nothing", "mental-health-with-consent",
                "retention: 90 days");
    }

    @Test
    void policyCheckExplainsDenial() throws IOException {
        Path message = writeMessage("valid.json");

        int exitCode = execute("policy", "check", "--message", message.toString(), "--to", "contra-costa.sheriff",
                "--purpose", "safety-planning", "--config", alameda.toString());

        assertOneLineFailure(exitCode, "denied NO_MOU_CLAUSE", "contra-costa.sheriff");
        assertThat(out.toString()).contains("decision:  denied NO_MOU_CLAUSE");
    }

    @Test
    void policyCheckRejectsUnknownPurpose() throws IOException {
        Path message = writeMessage("valid.json");

        int exitCode = execute("policy", "check", "--message", message.toString(), "--to", "contra-costa.probation",
                "--purpose", "Safety-Planning", "--config", alameda.toString());

        assertOneLineFailure(exitCode, "--purpose Safety-Planning is not a purpose of use", "safety-planning, investigation");
        assertThat(out.toString()).doesNotContain("decision:");
    }

    @Test
    void policyCheckRejectsConsentOfWrongType() throws IOException {
        Path message = writeMessage("valid.json");
        Path patient = work.resolve("patient.json");
        Files.writeString(patient, "{\"resourceType\": \"Patient\"}");

        int exitCode = execute("policy", "check", "--message", message.toString(), "--to", "contra-costa.probation",
                "--purpose", "safety-planning", "--consent", patient.toString(), "--config", alameda.toString());

        assertOneLineFailure(exitCode, "--consent " + patient + ": not a FHIR Consent in JSON");
    }

    private String mou() {
        return work.resolve(ADVOCACY_MOU).toString();
    }

    private Path writeMessage(String example) throws IOException {
        Path file = work.resolve(example);
        Files.writeString(file, Messages.withId(example, Messages.newId()), StandardCharsets.UTF_8);
        return file;
    }

    private int execute(String... args) {
        CommandLine command = GatewayCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private void assertOneLineFailure(int exitCode, String... fragments) {
        assertThat(exitCode).as("exit code; error: %s", err).isEqualTo(1);
        assertThat(err.toString().lines()).as("error output").hasSize(1);
        assertThat(err.toString()).startsWith("gateway: ").contains(fragments);
    }

    /** Copies a demo county's configuration with its key paths pointing to the test PKI, and signs its MOUs. */
    private static Path copyConfig(String county) throws IOException {
        return TestMous.copyDemoConfig(DEMO, county, root, pki, (file, text) -> text);
    }
}
