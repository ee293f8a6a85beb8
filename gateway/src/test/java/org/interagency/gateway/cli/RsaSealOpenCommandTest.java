package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.Openssl;
import org.interagency.gateway.testing.TestMous;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/gateway seal} and {@code open} with RSA keys, and interop with the
 * {@code openssl cms} command (OpenSSL 3 on the PATH) in both directions. The development PKI
 * writes one RSA-3072 agency signing certificate and one RSA-3072 gateway encryption
 * certificate under {@code test/}. The configurations built here make that agency key the
 * sender's signing key and list that encryption certificate as the recipient county's only
 * one, so the envelope code takes its RSA-PSS and RSA-OAEP branches.
 */
class RsaSealOpenCommandTest {

    /** The demo configurations; surefire runs with the gateway module as working directory. */
    private static final Path DEMO = Path.of("../config/demo").toAbsolutePath().normalize();
    /** Destination county of the {@code valid.json} example message. */
    private static final String RECIPIENT_COUNTY = "contra-costa";

    @TempDir
    static Path root;

    private static Path pki;
    private static String sender;
    private static String senderCounty;
    private static Path senderConfig;
    private static Path recipientConfig;

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

        // The RSA signing certificate names whichever agency the development PKI chose, so the
        // sender and its county are read from the certificate rather than fixed here.
        X509Certificate signing = KeyMaterial.readCertificate(pki.resolve("test/rsa-agency-signing.crt"));
        sender = CertificateUris.agencyId(signing).orElseThrow(() -> new IllegalStateException(
                "test/rsa-agency-signing.crt has no urn:agency: name; DevPki must name an agency in it"));
        senderCounty = agencies.entrySet().stream()
                .filter(county -> county.getValue().contains(sender))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("agency " + sender + " of test/rsa-agency-signing.crt is not in "
                        + DEMO.resolve("alameda/directory.yml")));
        String example = Messages.example("valid.json");
        assertThat(example).as("valid.json must be sent by %s, the agency of test/rsa-agency-signing.crt", sender)
                .contains(sender);

        // test/rsa-gateway-encryption.crt contains the whole chain, and the directory takes every
        // certificate of a listed file as an encryption certificate, so it gets the leaf alone.
        X509Certificate encryption = KeyMaterial.readCertificates(pki.resolve("test/rsa-gateway-encryption.crt")).get(0);
        KeyMaterial.writeCertificatesPem(root.resolve("rsa-gateway-encryption-leaf.crt"), List.of(encryption));

        Path signingFolder = root.resolve("rsa-agencies");
        Files.createDirectories(signingFolder);
        Files.copy(pki.resolve("test/rsa-agency-signing.p12"), signingFolder.resolve(sender + ".p12"));

        senderConfig = copyConfig(senderCounty, Map.of(
                "../../../certs-dev/" + senderCounty + "/agencies", signingFolder.toString()));
        recipientConfig = copyConfig(RECIPIENT_COUNTY, Map.of(
                "../../../certs-dev/" + RECIPIENT_COUNTY + "/gateway-encryption.p12",
                pki.resolve("test/rsa-gateway-encryption.p12").toString()));
    }

    @Test
    void sealThenOpenReturnsSameBundle() throws Exception {
        byte[] bundle = writeMessage();

        int sealed = seal();
        int opened = open();

        assertThat(sealed).as("seal exit code; error: %s", err).isZero();
        assertThat(opened).as("open exit code; error: %s", err).isZero();
        assertThat(Files.readAllBytes(work.resolve("opened.json"))).isEqualTo(bundle);
        assertThat(out.toString()).contains("for " + RECIPIENT_COUNTY, "signed by " + sender);
    }

    @Test
    void sealUsesPssAndOaepSha256() throws Exception {
        writeMessage();
        assertThat(seal()).as("seal exit code; error: %s", err).isZero();
        byte[] envelope = Files.readAllBytes(work.resolve("envelope.der"));

        RecipientInformation recipient = new CMSAuthEnvelopedData(envelope).getRecipientInfos().iterator().next();
        AlgorithmIdentifier keyTransport = recipient.getKeyEncryptionAlgorithm();
        assertThat(keyTransport.getAlgorithm()).as("key transport").isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP);
        RSAESOAEPparams oaep = RSAESOAEPparams.getInstance(keyTransport.getParameters());
        assertThat(oaep.getHashAlgorithm().getAlgorithm()).as("OAEP hash").isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(AlgorithmIdentifier.getInstance(oaep.getMaskGenAlgorithm().getParameters()).getAlgorithm())
                .as("OAEP MGF1 hash").isEqualTo(NISTObjectIdentifiers.id_sha256);

        // The signature is inside the ciphertext, so openssl decrypts it for this check.
        decryptWithOpenssl();
        SignerInformation signer = new CMSSignedData(Files.readAllBytes(work.resolve("signed.der")))
                .getSignerInfos().getSigners().iterator().next();
        AlgorithmIdentifier signature = signer.toASN1Structure().getDigestEncryptionAlgorithm();
        assertThat(signature.getAlgorithm()).as("signature").isEqualTo(PKCSObjectIdentifiers.id_RSASSA_PSS);
        assertThat(RSASSAPSSparams.getInstance(signature.getParameters()).getHashAlgorithm().getAlgorithm())
                .as("PSS hash").isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(signer.getDigestAlgorithmID().getAlgorithm()).as("digest").isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void opensslOpensSealedEnvelope() throws Exception {
        byte[] bundle = writeMessage();
        assertThat(seal()).as("seal exit code; error: %s", err).isZero();

        decryptWithOpenssl();
        openssl("cms", "-verify", "-inform", "DER", "-in", "signed.der", "-binary",
                "-CAfile", pki.resolve("root-ca.crt").toString(), "-out", "content.json");

        assertThat(Files.readAllBytes(work.resolve("content.json"))).isEqualTo(bundle);
    }

    @Test
    void openOpensOpensslOaepSha256Envelope() throws Exception {
        byte[] bundle = writeMessage();
        signWithOpenssl();
        encryptWithOpenssl("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
        assertThat(oaepHash()).as("OAEP hash that openssl wrote").isEqualTo(NISTObjectIdentifiers.id_sha256);

        int opened = open();

        assertThat(opened).as("open exit code; error: %s", err).isZero();
        assertThat(Files.readAllBytes(work.resolve("opened.json"))).isEqualTo(bundle);
    }

    /** OpenSSL 3.0 hashes with SHA-1 inside OAEP unless rsa_oaep_md sets another digest, and the gateway accepts SHA-1 there on receipt. */
    @Test
    void openAcceptsOpensslSha1OaepEnvelope() throws Exception {
        byte[] bundle = writeMessage();
        signWithOpenssl();
        encryptWithOpenssl("-keyopt", "rsa_padding_mode:oaep");
        assertThat(oaepHash()).as("OAEP hash that openssl wrote").isEqualTo(OIWObjectIdentifiers.idSHA1);

        int opened = open();

        assertThat(opened).as("open exit code; error: %s", err).isZero();
        assertThat(Files.readAllBytes(work.resolve("opened.json"))).isEqualTo(bundle);
    }

    @Test
    void openRejectsOpensslPkcs1Envelope() throws Exception {
        writeMessage();
        signWithOpenssl();
        encryptWithOpenssl("-keyopt", "rsa_padding_mode:pkcs1");
        AlgorithmIdentifier keyTransport = new CMSAuthEnvelopedData(Files.readAllBytes(work.resolve("envelope.der")))
                .getRecipientInfos().iterator().next().getKeyEncryptionAlgorithm();
        assertThat(keyTransport.getAlgorithm()).as("key transport that openssl wrote")
                .isEqualTo(PKCSObjectIdentifiers.rsaEncryption);

        int exitCode = open();

        assertThat(exitCode).as("exit code; error: %s", err).isEqualTo(1);
        assertThat(err.toString().lines()).as("error output").hasSize(1);
        assertThat(err.toString()).startsWith("gateway: ");
        assertThat(err.toString()).contains("PKCS#1 v1.5");
        assertThat(work.resolve("opened.json")).doesNotExist();
    }

    private int seal() {
        return execute("seal", "--from", sender, "--in", file("message.json"), "--out", file("envelope.der"),
                "--config", senderConfig.toString());
    }

    private int open() {
        return execute("open", "--as", RECIPIENT_COUNTY, "--in", file("envelope.der"), "--out", file("opened.json"),
                "--config", recipientConfig.toString());
    }

    /** Decrypts {@code envelope.der} into {@code signed.der} with the RSA gateway key. */
    private void decryptWithOpenssl() throws Exception {
        KeyMaterial.writePrivateKeyPem(work.resolve("recipient.key"), KeyMaterial.loadDecryptionKey(
                pki.resolve("test/rsa-gateway-encryption.p12"), DevPki.PASSWORD.toCharArray()).key());
        openssl("cms", "-decrypt", "-inform", "DER", "-in", "envelope.der", "-binary",
                "-recip", pki.resolve("test/rsa-gateway-encryption.crt").toString(), "-inkey", "recipient.key",
                "-out", "signed.der");
    }

    /** Signs {@code message.json} into {@code signed.der} with the RSA agency key and RSA-PSS. */
    private void signWithOpenssl() throws Exception {
        SigningIdentity signer = KeyMaterial.loadSigningIdentity(pki.resolve("test/rsa-agency-signing.p12"),
                DevPki.PASSWORD.toCharArray());
        KeyMaterial.writeCertificatesPem(work.resolve("signer.crt"), List.of(signer.certificate()));
        KeyMaterial.writePrivateKeyPem(work.resolve("signer.key"), signer.key());
        // -keyopt applies to the -signer or -recip before it.
        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "message.json",
                "-signer", "signer.crt", "-inkey", "signer.key", "-keyopt", "rsa_padding_mode:pss",
                "-certfile", pki.resolve(senderCounty).resolve("county-ca.crt").toString(), "-out", "signed.der");
    }

    /** Encrypts {@code signed.der} into {@code envelope.der} with AES-256-GCM for the RSA gateway certificate. */
    private void encryptWithOpenssl(String... keyOptions) throws Exception {
        List<String> encrypt = new ArrayList<>(List.of("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER",
                "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.resolve("test/rsa-gateway-encryption.crt").toString()));
        encrypt.addAll(List.of(keyOptions));
        openssl(encrypt.toArray(new String[0]));
    }

    private ASN1ObjectIdentifier oaepHash() throws Exception {
        AlgorithmIdentifier keyTransport = new CMSAuthEnvelopedData(Files.readAllBytes(work.resolve("envelope.der")))
                .getRecipientInfos().iterator().next().getKeyEncryptionAlgorithm();
        return RSAESOAEPparams.getInstance(keyTransport.getParameters()).getHashAlgorithm().getAlgorithm();
    }

    private int execute(String... args) {
        CommandLine command = GatewayCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private byte[] writeMessage() throws IOException {
        byte[] bundle = Messages.withId("valid.json", Messages.newId()).getBytes(StandardCharsets.UTF_8);
        Files.write(work.resolve("message.json"), bundle);
        return bundle;
    }

    private String file(String name) {
        return work.resolve(name).toString();
    }

    /**
     * Copies the demo configuration of {@code county} with its key paths pointing to the test
     * PKI, applies {@code replacements} to gateway.yml, and lists only the RSA encryption
     * certificate for the recipient county in the directory.
     */
    private static Path copyConfig(String county, Map<String, String> replacements) throws IOException {
        String recipientCertificate = "../../../certs-dev/" + RECIPIENT_COUNTY + "/gateway-encryption.crt";
        return TestMous.copyDemoConfig(DEMO, county, root, pki, (file, text) -> {
            String edited = text;
            if (file.getFileName().toString().equals("directory.yml")) {
                assertThat(edited).as("%s lists %s", file, recipientCertificate).contains(recipientCertificate);
                edited = edited.replace(recipientCertificate, root.resolve("rsa-gateway-encryption-leaf.crt").toString());
            }
            if (file.getFileName().toString().equals("gateway.yml")) {
                for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                    assertThat(edited).as("%s contains %s", file, replacement.getKey()).contains(replacement.getKey());
                    edited = edited.replace(replacement.getKey(), replacement.getValue());
                }
            }
            return edited;
        });
    }

    private void openssl(String... arguments) throws Exception {
        Openssl.run(work, arguments);
    }
}
