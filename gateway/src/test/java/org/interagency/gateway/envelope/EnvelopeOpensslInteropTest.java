package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.interagency.gateway.testing.Openssl;

/**
 * Checks that envelopes interoperate with the {@code openssl cms} command in both
 * directions. It needs OpenSSL 3 as {@code openssl} on the PATH, and fails without it
 * because OpenSSL compatibility is part of the envelope format.
 */
class EnvelopeOpensslInteropTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"id\":\"interop\"}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pkiDir;

    @TempDir
    Path work;

    private static TestPki pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void opensslOpensSealedEnvelope() throws Exception {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        Files.write(work.resolve("envelope.der"), envelope);
        KeyMaterial.writePrivateKeyPem(work.resolve("encryption.key"), pki.decryptionKey(TestPki.COUNTY).key());

        openssl("cms", "-decrypt", "-inform", "DER", "-in", "envelope.der", "-binary",
                "-recip", pki.path("alameda/gateway-encryption.crt").toString(), "-inkey", "encryption.key",
                "-out", "signed.der");
        openssl("cms", "-verify", "-inform", "DER", "-in", "signed.der", "-binary",
                "-CAfile", pki.path("root-ca.crt").toString(), "-out", "content.bin");

        assertThat(Files.readAllBytes(work.resolve("content.bin"))).isEqualTo(CONTENT);
    }

    @Test
    void opensslOpensStreamSealedEnvelope() throws Exception {
        // The stream method writes BER with indefinite lengths throughout, and OpenSSL reads it with -inform DER.
        try (OutputStream out = Files.newOutputStream(work.resolve("envelope.ber"))) {
            new EnvelopeSealer().seal(new ByteArrayInputStream(CONTENT), pki.agencySigner(),
                    List.of(pki.encryptionCertificate(TestPki.COUNTY)), out);
        }
        KeyMaterial.writePrivateKeyPem(work.resolve("encryption.key"), pki.decryptionKey(TestPki.COUNTY).key());

        openssl("cms", "-decrypt", "-inform", "DER", "-in", "envelope.ber", "-binary",
                "-recip", pki.path("alameda/gateway-encryption.crt").toString(), "-inkey", "encryption.key",
                "-out", "signed.ber");
        openssl("cms", "-verify", "-inform", "DER", "-in", "signed.ber", "-binary",
                "-CAfile", pki.path("root-ca.crt").toString(), "-out", "content.bin");

        assertThat(Files.readAllBytes(work.resolve("content.bin"))).isEqualTo(CONTENT);
    }

    @Test
    void streamOpenerOpensOpensslEnvelope() throws Exception {
        writeSignerFiles();
        Files.write(work.resolve("content.bin"), CONTENT);
        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-certfile", pki.path("alameda/county-ca.crt").toString(),
                "-out", "signed.der");
        openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in", "signed.der",
                "-out", "envelope.der", "-recip", pki.path("alameda/gateway-encryption.crt").toString());
        Path opened = Files.createDirectory(work.resolve("opened"));

        try (InputStream in = Files.newInputStream(work.resolve("envelope.der"));
                OpenedEnvelopeFile file = new EnvelopeOpener().open(in, List.of(pki.decryptionKey(TestPki.COUNTY)),
                        pki.trustAnchors(), Instant.now(), opened)) {
            assertThat(file.content()).hasBinaryContent(CONTENT);
            assertThat(file.signerAgencyId()).isEqualTo(TestPki.AGENCY);
        }
    }

    /** OpenSSL 3.0 uses the SHA-1 X9.63 KDF for ECDH unless {@code -keyopt} sets another digest. Both must open. */
    @ParameterizedTest
    @ValueSource(strings = {"default", "ecdh_kdf_md:sha256"})
    void openerOpensOpensslEnvelope(String keyOption) throws Exception {
        writeSignerFiles();
        Files.write(work.resolve("content.bin"), CONTENT);

        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-certfile", pki.path("alameda/county-ca.crt").toString(),
                "-out", "signed.der");
        List<String> encrypt = new ArrayList<>(List.of("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER",
                "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.path("alameda/gateway-encryption.crt").toString()));
        if (!keyOption.equals("default")) {
            // -keyopt applies to the -recip before it.
            encrypt.addAll(List.of("-keyopt", keyOption));
        }
        openssl(encrypt.toArray(new String[0]));

        OpenedEnvelope opened = new EnvelopeOpener().open(Files.readAllBytes(work.resolve("envelope.der")),
                List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(), Instant.now());

        assertThat(opened.content()).isEqualTo(CONTENT);
        assertThat(opened.signerAgencyId()).isEqualTo(TestPki.AGENCY);
    }

    @Test
    void openerRejectsUnsignedOpensslEnvelope() throws Exception {
        Files.write(work.resolve("content.bin"), CONTENT);
        openssl("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in", "content.bin",
                "-out", "envelope.der", "-recip", pki.path("alameda/gateway-encryption.crt").toString());
        byte[] envelope = Files.readAllBytes(work.resolve("envelope.der"));

        assertThatThrownBy(() -> new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now()))
                .isExactlyInstanceOf(SignatureInvalidException.class);
    }

    @Test
    void openerRejectsOpensslCbcEnvelope() throws Exception {
        writeSignerFiles();
        Files.write(work.resolve("content.bin"), CONTENT);
        openssl("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-out", "signed.der");
        openssl("cms", "-encrypt", "-aes-256-cbc", "-binary", "-outform", "DER", "-in", "signed.der",
                "-out", "envelope.der", "-recip", pki.path("alameda/gateway-encryption.crt").toString());
        byte[] envelope = Files.readAllBytes(work.resolve("envelope.der"));

        // AES-CBC has no authentication tag, so the default policy accepts it from no county.
        assertThatThrownBy(() -> new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now(), TestPki.COUNTY))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("AES-256-CBC");
    }

    private void writeSignerFiles() throws IOException {
        SigningIdentity signer = pki.agencySigner();
        KeyMaterial.writeCertificatesPem(work.resolve("agency.crt"), List.of(signer.certificate()));
        KeyMaterial.writePrivateKeyPem(work.resolve("agency.key"), signer.key());
    }

    private void openssl(String... arguments) throws Exception {
        Openssl.run(work, arguments);
    }
}
