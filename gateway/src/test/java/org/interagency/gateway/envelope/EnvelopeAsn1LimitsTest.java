package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.interagency.gateway.testing.HostileDer.concat;
import static org.interagency.gateway.testing.HostileDer.encoded;
import static org.interagency.gateway.testing.HostileDer.nestedIndefinite;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile ASN.1 in the envelope and in the decrypted SignedData: truncated DER, absurd
 * length fields and deep nesting. Each is rejected as malformed before a parser allocates for
 * it or recurses into it, and leaves the work folder empty.
 */
class EnvelopeAsn1LimitsTest {

    @TempDir
    static Path pkiDir;

    @TempDir
    Path workFolder;

    private static TestPki pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void truncatedDerIsMalformed() throws IOException {
        byte[] envelope = new EnvelopeSealer().seal(new byte[1000], pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));

        for (int length : new int[] {0, 1, 2, 30, 300, envelope.length / 2, envelope.length - 18, envelope.length - 1}) {
            byte[] truncated = Arrays.copyOf(envelope, length);
            assertMalformed(truncated, "");
        }
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void absurdOuterLengthIsMalformed() throws IOException {
        // SEQUENCE with a four-octet length of 2 GiB - 1, then a few bytes.
        byte[] envelope = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06, 0x01, 0x00};

        assertMalformed(envelope, "exceeds the limit");
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void lengthFieldOfNineOctetsIsMalformed() {
        byte[] envelope = {0x30, (byte) 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x06, 0x01, 0x00};

        assertMalformed(envelope, "at most 8");
    }

    @Test
    void childLongerThanParentIsMalformed() {
        // SEQUENCE of 4 bytes holding an OCTET STRING that claims 100.
        byte[] envelope = {0x30, 0x04, 0x04, 0x64, 0x00, 0x00};

        assertMalformed(envelope, "longer than the element around it");
    }

    @Test
    void deepIndefiniteNestingIsMalformed() {
        // Bouncy Castle reads the recipient infos set whole, recursing once per level.
        byte[] envelope = concat(openRecipientInfos(), nestedIndefinite(100_000));

        assertMalformed(envelope, "deeper than " + EnvelopeOpener.MAX_NESTING_DEPTH);
    }

    @Test
    void deepDefiniteNestingIsMalformed() {
        byte[] envelope = concat(openRecipientInfos(), nestedDefinite(EnvelopeOpener.MAX_NESTING_DEPTH));

        assertMalformed(envelope, "deeper than " + EnvelopeOpener.MAX_NESTING_DEPTH);
    }

    @Test
    void absurdLengthInsideCiphertextIsMalformed() throws Exception {
        // The tag verifies, so the guard on the decrypted SignedData has to catch it.
        byte[] plaintext = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x06, 0x01, 0x00};

        assertMalformed(RawEnvelopes.encryptForCounty(pki, plaintext), "decrypted SignedData");
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void deepNestingInsideCiphertextIsMalformed() throws Exception {
        byte[] plaintext = concat(openDigestAlgorithms(), nestedIndefinite(100_000));

        assertMalformed(RawEnvelopes.encryptForCounty(pki, plaintext), "decrypted SignedData nests elements deeper than");
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void guardPassesRealEnvelope() throws IOException {
        byte[] envelope = new EnvelopeSealer().seal(new byte[1000], pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        Asn1StructureGuard guard = new Asn1StructureGuard(new ByteArrayInputStream(envelope), "envelope",
                envelope.length, EnvelopeOpener.MAX_NESTING_DEPTH);

        byte[] read = guard.readAllBytes();

        assertThat(read).isEqualTo(envelope);
        assertThat(guard.violation()).isNull();
        assertThat(guard.position()).isEqualTo(envelope.length);
        assertThat(guard.deepestNesting()).isLessThan(EnvelopeOpener.MAX_NESTING_DEPTH);
    }

    @Test
    void guardPassesRealSignedData() throws IOException {
        ByteArrayOutputStream signedData = new ByteArrayOutputStream();
        try (OutputStream signing = CmsSigner.openSigningStream(signedData, pki.agencySigner())) {
            signing.write(new byte[1000]);
        }
        Asn1StructureGuard guard = new Asn1StructureGuard(new ByteArrayInputStream(signedData.toByteArray()),
                "decrypted SignedData", signedData.size(), EnvelopeOpener.MAX_NESTING_DEPTH);

        guard.readAllBytes();

        assertThat(guard.violation()).isNull();
        assertThat(guard.deepestNesting()).isLessThan(EnvelopeOpener.MAX_NESTING_DEPTH);
    }

    private void assertMalformed(byte[] envelope, String messagePart) {
        assertThatThrownBy(() -> new EnvelopeOpener().open(new ByteArrayInputStream(envelope),
                List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(), Instant.now(), workFolder))
                .as("envelope of %d bytes", envelope.length)
                .isExactlyInstanceOf(EnvelopeMalformedException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.ENVELOPE_MALFORMED))
                .hasMessageContaining(messagePart);
    }

    /**
     * Returns the start of an AuthEnvelopedData ContentInfo up to the open recipient infos
     * SET, four constructed levels deep, in indefinite-length form.
     */
    private static byte[] openRecipientInfos() {
        return concat(new byte[] {0x30, (byte) 0x80}, encoded(CMSObjectIdentifiers.authEnvelopedData),
                new byte[] {(byte) 0xa0, (byte) 0x80, 0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x31, (byte) 0x80});
    }

    /** Returns the start of a SignedData ContentInfo up to the open digest algorithms SET. */
    private static byte[] openDigestAlgorithms() {
        return concat(new byte[] {0x30, (byte) 0x80}, encoded(CMSObjectIdentifiers.signedData),
                new byte[] {(byte) 0xa0, (byte) 0x80, 0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x31, (byte) 0x80});
    }




    /** Builds SEQUENCEs nested {@code depth} deep with definite short lengths around a NULL. */
    private static byte[] nestedDefinite(int depth) {
        byte[] inner = {0x05, 0x00};
        for (int i = 0; i < depth; i++) {
            byte[] outer = new byte[inner.length + 2];
            outer[0] = 0x30;
            outer[1] = (byte) inner.length;
            System.arraycopy(inner, 0, outer, 2, inner.length);
            inner = outer;
        }
        return inner;
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
