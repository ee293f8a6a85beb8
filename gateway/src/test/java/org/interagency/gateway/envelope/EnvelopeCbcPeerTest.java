package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.interagency.gateway.envelope.AlgorithmPolicyTest.assertRejected;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.cms.CMSAlgorithm;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that the opener reads an EnvelopedData made by {@code openssl cms -encrypt} around an
 * {@code openssl cms -sign} SignedData: AES-256-CBC opens only from a county in the
 * allow-list, broken ciphers are rejected for every county, and an altered CBC ciphertext
 * returns no content. Needs OpenSSL 3 as {@code openssl} on the PATH.
 */
class EnvelopeCbcPeerTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"id\":\"cbc-peer\"}\n".getBytes(StandardCharsets.UTF_8);

    /** The county whose envelopes may use AES-256-CBC in these tests. */
    private static final String ALLOWED_PEER = TestPki.COUNTY;

    @TempDir
    static Path pkiDir;

    @TempDir
    Path work;

    private static TestPki pki;

    private Openssl openssl;
    private EnvelopeOpener opener;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @BeforeEach
    void signWithOpenssl() throws Exception {
        openssl = new Openssl(work);
        openssl.writeSigner("agency", pki.agencySigner());
        Files.write(work.resolve("content.bin"), CONTENT);
        openssl.run("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-certfile", pki.path("alameda/county-ca.crt").toString(),
                "-out", "signed.der");

        AlgorithmPolicy policy = new AlgorithmPolicy(Set.of(ALLOWED_PEER));
        VerificationSettings settings = new VerificationSettings(VerificationSettings.DEFAULT_CLOCK_SKEW, null, true,
                VerificationSettings.DEFAULT_CRL_FETCH_TIMEOUT, false, policy);
        opener = new EnvelopeOpener(EnvelopeOpener.DEFAULT_MAX_ENVELOPE_SIZE, settings);
    }

    /** OpenSSL 3.0 uses the SHA-1 X9.63 KDF unless {@code -keyopt} sets SHA-256; both must open. */
    @ParameterizedTest
    @ValueSource(strings = {"default", "ecdh_kdf_md:sha256"})
    void cbcFromAllowedPeerOpens(String keyOption) throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", keyOption);

        OpenedEnvelope opened = opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER);

        assertThat(opened.content()).isEqualTo(CONTENT);
        assertThat(opened.signerAgencyId()).isEqualTo(TestPki.AGENCY);
    }

    @Test
    void cbcStreamFromAllowedPeerOpens() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "ecdh_kdf_md:sha256");
        Path folder = Files.createDirectory(work.resolve("opened"));

        try (OpenedEnvelopeFile file = opener.open(new ByteArrayInputStream(envelope), keys(), pki.trustAnchors(),
                Instant.now(), folder, ALLOWED_PEER)) {
            assertThat(file.content()).hasBinaryContent(CONTENT);
            assertThat(file.signerAgencyId()).isEqualTo(TestPki.AGENCY);
        }
    }

    @Test
    void cbcFromOtherPeerRejected() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "default");

        assertRejected(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), TestPki.OTHER_COUNTY),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
        assertThatThrownBy(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), TestPki.OTHER_COUNTY))
                .hasMessageContaining("AES-256-CBC")
                .hasMessageContaining(TestPki.OTHER_COUNTY)
                .hasMessageContaining("gateway.envelope.cbc-allowed-peers");
    }

    @Test
    void cbcWithoutPeerRejected() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "default");

        assertRejected(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), null),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
        assertThatThrownBy(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now()))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("AES-256-CBC");
    }

    @Test
    void cbcStreamWithoutPeerRejectedLeavesNoFile() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "default");
        Path folder = Files.createDirectory(work.resolve("opened"));

        assertThatThrownBy(() -> opener.open(new ByteArrayInputStream(envelope), keys(), pki.trustAnchors(),
                Instant.now(), folder))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("AES-256-CBC");
        assertThat(listFiles(folder)).as("files left in the work folder").isEmpty();
    }

    @Test
    void cbcRejectedByDefaultPolicy() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "default");

        assertRejected(() -> new EnvelopeOpener().open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void tripleDesFromAllowedPeerRejected() throws Exception {
        byte[] envelope = opensslEnvelope("-des3", "default");

        assertRejected(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
        assertThatThrownBy(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER))
                .hasMessageContaining("3DES");
    }

    @Test
    void aes128CbcFromAllowedPeerRejected() throws Exception {
        byte[] envelope = opensslEnvelope("-aes-128-cbc", "default");

        assertRejected(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    /** OpenSSL 3 refuses DES and RC2 without its legacy provider, so Bouncy Castle builds these. */
    @ParameterizedTest
    @ValueSource(strings = {"DES-CBC", "RC2-CBC"})
    void legacyCipherFromAllowedPeerRejected(String name) throws Exception {
        ASN1ObjectIdentifier cipher = name.equals("DES-CBC") ? CMSAlgorithm.DES_CBC : CMSAlgorithm.RC2_CBC;
        byte[] envelope = TestEnvelopes.envelope(openssl.read("signed.der"), pki.encryptionCertificate(TestPki.COUNTY),
                cipher);

        assertRejected(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
        assertThatThrownBy(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER))
                .hasMessageContaining(name)
                .hasMessageContaining(cipher.getId());
    }

    /**
     * Alters one ciphertext byte: the first, one in the middle, the last of the next-to-last
     * block (which garbles the padding) and the last. CBC has no tag, so the opener must
     * reject through the padding check or the signature, and return nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"first", "middle", "next-to-last block", "last"})
    void alteredCbcCiphertextRejected(String position) throws Exception {
        byte[] envelope = opensslEnvelope("-aes-256-cbc", "default");
        byte[] ciphertext = EnvelopedData.getInstance(ContentInfo.getInstance(envelope).getContent())
                .getEncryptedContentInfo().getEncryptedContent().getOctets();
        int start = indexOf(envelope, ciphertext);
        int offset = switch (position) {
            case "first" -> 0;
            case "middle" -> ciphertext.length / 2;
            case "next-to-last block" -> ciphertext.length - 17;
            default -> ciphertext.length - 1;
        };
        envelope[start + offset] ^= 0x01;

        assertRejectedAsTampered(() -> opener.open(envelope, keys(), pki.trustAnchors(), Instant.now(), ALLOWED_PEER));

        Path folder = Files.createDirectory(work.resolve("opened"));
        assertRejectedAsTampered(() -> opener.open(new ByteArrayInputStream(envelope), keys(), pki.trustAnchors(),
                Instant.now(), folder, ALLOWED_PEER));
        assertThat(listFiles(folder)).as("files left in the work folder").isEmpty();
    }

    /** Asserts a signature or decryption failure and that the call returned no content. */
    private static void assertRejectedAsTampered(AlgorithmPolicyTest.ThrowingSupplier call) {
        Object[] result = new Object[1];
        assertThatThrownBy(() -> result[0] = call.get())
                .isInstanceOfAny(SignatureInvalidException.class, EnvelopeDecryptionException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code())
                        .isIn(ErrorCode.SIGNATURE_INVALID, ErrorCode.ENVELOPE_DECRYPTION_FAILED));
        assertThat(result[0]).as("content returned despite the rejection").isNull();
    }

    /** Encrypts signed.der for the alameda gateway with an openssl cipher option such as {@code -aes-256-cbc}. */
    private byte[] opensslEnvelope(String cipher, String keyOption) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("cms", "-encrypt", cipher, "-binary", "-outform",
                "DER", "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.path("alameda/gateway-encryption.crt").toString()));
        if (!keyOption.equals("default")) {
            // -keyopt applies to the -recip before it.
            arguments.addAll(List.of("-keyopt", keyOption));
        }
        openssl.run(arguments);
        return openssl.read("envelope.der");
    }

    private static List<DecryptionKey> keys() {
        return List.of(pki.decryptionKey(TestPki.COUNTY));
    }

    private static List<Path> listFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("ciphertext not found in the envelope");
    }
}
