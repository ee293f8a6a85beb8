package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.Openssl;
import org.interagency.gateway.testing.TestMous;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code bin/gateway seal} and {@code open} through the command classes, with a development
 * PKI and copies of the demo configurations in a temporary folder, and interop with the
 * {@code openssl cms} command (OpenSSL 3 on the PATH) in both directions with EC keys.
 */
class SealOpenCommandTest {

    /** The demo configurations; surefire runs with the gateway module as working directory. */
    private static final Path DEMO = Path.of("../config/demo").toAbsolutePath().normalize();
    private static final String SENDER = "alameda.juvenile-hall";

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

    @Test
    void sealThenOpenReturnsSameBundle() throws Exception {
        byte[] bundle = writeMessage("message.json");

        int sealed = execute("seal", "--from", SENDER, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", alameda.toString());
        int opened = execute("open", "--as", "contra-costa", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertThat(sealed).as("seal exit code; error: %s", err).isZero();
        assertThat(opened).as("open exit code; error: %s", err).isZero();
        assertThat(Files.readAllBytes(work.resolve("opened.json"))).isEqualTo(bundle);
        assertThat(out.toString()).contains("sealed message", "for contra-costa", "opened message", "signed by " + SENDER);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void opensslOpensSealedEnvelope() throws Exception {
        byte[] bundle = writeMessage("message.json");
        assertThat(execute("seal", "--from", SENDER, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", alameda.toString())).as("seal exit code; error: %s", err).isZero();
        KeyMaterial.writePrivateKeyPem(work.resolve("recipient.key"), KeyMaterial.loadDecryptionKey(
                pki.resolve("contra-costa/gateway-encryption.p12"), DevPki.PASSWORD.toCharArray()).key());

        openssl("cms", "-decrypt", "-inform", "DER", "-in", "envelope.der", "-binary",
                "-recip", pki.resolve("contra-costa/gateway-encryption.crt").toString(), "-inkey", "recipient.key",
                "-out", "signed.der");
        openssl("cms", "-verify", "-inform", "DER", "-in", "signed.der", "-binary",
                "-CAfile", pki.resolve("root-ca.crt").toString(), "-out", "content.json");

        assertThat(Files.readAllBytes(work.resolve("content.json"))).isEqualTo(bundle);
    }

    /** OpenSSL 3.0 derives the ECDH key with SHA-1 unless -keyopt sets another digest; both must open. */
    @ParameterizedTest
    @ValueSource(strings = {"default", "ecdh_kdf_md:sha256"})
    void openOpensOpensslEnvelope(String keyOption) throws Exception {
        byte[] bundle = writeMessage("message.json");
        SigningIdentity signer = KeyMaterial.loadSigningIdentity(pki.resolve("alameda/agencies/" + SENDER + ".p12"),
                DevPki.PASSWORD.toCharArray());
        KeyMaterial.writeCertificatesPem(work.resolve("signer.crt"), List.of(signer.certificate()));
        KeyMaterial.writePrivateKeyPem(work.resolve("signer.key"), signer.key());

        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "message.json",
                "-signer", "signer.crt", "-inkey", "signer.key", "-certfile", pki.resolve("alameda/county-ca.crt").toString(),
                "-out", "signed.der");
        List<String> encrypt = new ArrayList<>(List.of("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER",
                "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.resolve("contra-costa/gateway-encryption.crt").toString()));
        if (!keyOption.equals("default")) {
            // -keyopt applies to the -recip before it.
            encrypt.addAll(List.of("-keyopt", keyOption));
        }
        openssl(encrypt.toArray(new String[0]));

        int opened = execute("open", "--as", "contra-costa", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertThat(opened).as("open exit code; error: %s", err).isZero();
        assertThat(Files.readAllBytes(work.resolve("opened.json"))).isEqualTo(bundle);
    }

    @Test
    void sealRejectsMissingInput() {
        int exitCode = execute("seal", "--from", SENDER, "--in", file("absent.json"), "--out", file("envelope.der"),
                "--config", alameda.toString());

        assertOneLineFailure(exitCode, 1, "--in", "absent.json", "does not exist");
    }

    @Test
    void sealRejectsAgencyOtherThanSender() throws Exception {
        writeMessage("message.json");

        int exitCode = execute("seal", "--from", "alameda.probation", "--in", file("message.json"), "--out",
                file("envelope.der"), "--config", alameda.toString());

        assertOneLineFailure(exitCode, 1, "--from alameda.probation", "pass --from " + SENDER);
        assertThat(work.resolve("envelope.der")).doesNotExist();
    }

    @Test
    void sealRejectsInvalidBundle() throws Exception {
        Files.writeString(work.resolve("message.json"), Messages.example("invalid-profile-missing-sender.json"));

        int exitCode = execute("seal", "--from", SENDER, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", alameda.toString());

        assertOneLineFailure(exitCode, 1, "--in ", "error(s) against profile", "First error");
        assertThat(work.resolve("envelope.der")).doesNotExist();
    }

    @Test
    void sealRejectsMissingOption() {
        int exitCode = execute("seal", "--from", SENDER, "--in", file("message.json"));

        assertOneLineFailure(exitCode, 2, "--out", "'bin/gateway seal --help'");
    }

    @Test
    void openRejectsEnvelopeForAnotherCounty() throws Exception {
        writeMessage("message.json");
        execute("seal", "--from", SENDER, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", alameda.toString());

        int exitCode = execute("open", "--as", "alameda", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", alameda.toString());

        assertOneLineFailure(exitCode, 1, "matches a decryption key");
        assertThat(work.resolve("opened.json")).doesNotExist();
    }

    @Test
    void openRejectsCountyOtherThanConfig() throws Exception {
        Files.write(work.resolve("envelope.der"), new byte[] {0x30, 0x00});

        int exitCode = execute("open", "--as", "alameda", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertOneLineFailure(exitCode, 1, "--as alameda", "gateway.county contra-costa");
    }

    @Test
    void openRejectsTamperedEnvelope() throws Exception {
        writeMessage("message.json");
        execute("seal", "--from", SENDER, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", alameda.toString());
        byte[] envelope = Files.readAllBytes(work.resolve("envelope.der"));
        envelope[envelope.length - 20] ^= 0x01;
        Files.write(work.resolve("envelope.der"), envelope);

        int exitCode = execute("open", "--as", "contra-costa", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertOneLineFailure(exitCode, 1, "Decrypting the envelope");
        assertThat(work.resolve("opened.json")).doesNotExist();
    }

    @Test
    void openRejectsGarbage() throws Exception {
        Files.writeString(work.resolve("envelope.der"), "not a CMS structure");

        int exitCode = execute("open", "--as", "contra-costa", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertOneLineFailure(exitCode, 1, "not a CMS AuthEnvelopedData");
    }

    @Test
    void openRejectsSignerOtherThanSender() throws Exception {
        writeMessage("message.json");
        SigningIdentity other = KeyMaterial.loadSigningIdentity(pki.resolve("alameda/agencies/alameda.probation.p12"),
                DevPki.PASSWORD.toCharArray());
        KeyMaterial.writeCertificatesPem(work.resolve("signer.crt"), List.of(other.certificate()));
        KeyMaterial.writePrivateKeyPem(work.resolve("signer.key"), other.key());
        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "message.json",
                "-signer", "signer.crt", "-inkey", "signer.key", "-certfile", pki.resolve("alameda/county-ca.crt").toString(),
                "-out", "signed.der");
        openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.resolve("contra-costa/gateway-encryption.crt").toString(), "-keyopt", "ecdh_kdf_md:sha256");

        int exitCode = execute("open", "--as", "contra-costa", "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", contraCosta.toString());

        assertOneLineFailure(exitCode, 1, "signed by alameda.probation");
        assertThat(work.resolve("opened.json")).doesNotExist();
    }

    private int execute(String... args) {
        CommandLine command = GatewayCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private void assertOneLineFailure(int exitCode, int expected, String... fragments) {
        assertThat(exitCode).as("exit code; error: %s", err).isEqualTo(expected);
        assertThat(err.toString().lines()).as("error output").hasSize(1);
        assertThat(err.toString()).startsWith("gateway: ");
        assertThat(err.toString()).contains(fragments);
    }

    private byte[] writeMessage(String name) throws IOException {
        byte[] bundle = Messages.withId("valid.json", Messages.newId()).getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve(name), bundle);
        return bundle;
    }

    private String file(String name) {
        return work.resolve(name).toString();
    }

    /** Copies the demo configuration of {@code county} with its key paths pointing to the test PKI. */
    private static Path copyConfig(String county) throws IOException {
        return TestMous.copyDemoConfig(DEMO, county, root, pki, (file, text) -> text);
    }

    private void openssl(String... arguments) throws Exception {
        Openssl.run(work, arguments);
    }
}
