package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream methods of {@link EnvelopeSealer} and {@link EnvelopeOpener}: the content file
 * appears only after every check passed, and a rejected envelope leaves the work folder empty.
 */
class EnvelopeStreamingTest {

    private static final String MARKER = "synthetic-youth-record-4711";
    private static final byte[] CONTENT = ("{\"resourceType\":\"Bundle\",\"id\":\"" + MARKER + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pkiDir;

    @TempDir
    static Path foreignPkiDir;

    @TempDir
    Path workFolder;

    private static TestPki pki;
    private static TestPki foreignPki;

    @BeforeAll
    static void createPkis() throws Exception {
        pki = TestPki.create(pkiDir);
        foreignPki = TestPki.create(foreignPkiDir);
    }

    @Test
    void streamRoundTripWritesContentFile() throws Exception {
        byte[] envelope = sealStream(CONTENT, pki.agencySigner());

        try (OpenedEnvelopeFile opened = openStream(envelope)) {
            assertThat(opened.content()).hasBinaryContent(CONTENT);
            assertThat(opened.contentSize()).isEqualTo(CONTENT.length);
            assertThat(opened.signerAgencyId()).isEqualTo(TestPki.AGENCY);
            assertThat(opened.content().getParent()).isEqualTo(workFolder);
            assertThat(opened.toString()).doesNotContain(MARKER);
        }
    }

    @Test
    void contentFileIsOwnerOnly() throws Exception {
        byte[] envelope = sealStream(CONTENT, pki.agencySigner());

        try (OpenedEnvelopeFile opened = openStream(envelope)) {
            assertThat(Files.getPosixFilePermissions(opened.content()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void closeDeletesContentFile() throws Exception {
        OpenedEnvelopeFile opened = openStream(sealStream(CONTENT, pki.agencySigner()));

        opened.close();

        assertThat(opened.content()).doesNotExist();
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void streamSealOpensWithByteArrayOpen() {
        byte[] envelope = sealStream(CONTENT, pki.agencySigner());

        OpenedEnvelope opened = new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now());

        assertThat(opened.content()).isEqualTo(CONTENT);
    }

    @Test
    void byteArraySealOpensWithStreamOpen() throws Exception {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));

        try (OpenedEnvelopeFile opened = openStream(envelope)) {
            assertThat(opened.content()).hasBinaryContent(CONTENT);
        }
    }

    @Test
    void sealLeavesCallerStreamsOpen() {
        TrackingOutputStream envelope = new TrackingOutputStream();

        new EnvelopeSealer().seal(new ByteArrayInputStream(CONTENT), pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)), envelope);

        assertThat(envelope.closed).isFalse();
        assertThat(envelope.size()).isGreaterThan(CONTENT.length);
    }

    @Test
    void flippedTagLeavesWorkFolderEmpty() throws IOException {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        envelope[envelope.length - 1] ^= 0x01;

        assertStreamRejected(envelope, EnvelopeDecryptionException.class, ErrorCode.ENVELOPE_DECRYPTION_FAILED);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void flippedContentByteLeavesWorkFolderEmpty() throws IOException {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        // The ciphertext of the content lies shortly before the 16-byte tag and its header.
        envelope[envelope.length - 60] ^= 0x01;

        assertStreamRejected(envelope, EnvelopeDecryptionException.class, ErrorCode.ENVELOPE_DECRYPTION_FAILED);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void untrustedSignerLeavesWorkFolderEmpty() throws IOException {
        // The tag verifies and the content reaches the private file before the signer check fails.
        byte[] envelope = sealStream(CONTENT, foreignPki.agencySigner());

        assertStreamRejected(envelope, SignerUntrustedException.class, ErrorCode.SIGNER_UNTRUSTED);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void alteredSignedContentLeavesWorkFolderEmpty() throws Exception {
        // Re-encrypting gives a valid tag, so only the digest computed while streaming can catch the change.
        byte[] signedData = new SignedContent().sign(CONTENT, pki.agencySigner());
        int offset = indexOf(signedData, MARKER.getBytes(StandardCharsets.UTF_8));
        signedData[offset] ^= 0x01;

        assertStreamRejected(RawEnvelopes.encryptForCounty(pki, signedData), SignatureInvalidException.class,
                ErrorCode.SIGNATURE_INVALID);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void unsignedContentIsInvalid() throws Exception {
        byte[] unsigned = RawEnvelopes.encryptForCounty(pki, CONTENT);

        assertStreamRejected(unsigned, SignatureInvalidException.class, ErrorCode.SIGNATURE_INVALID);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void truncatedStreamLeavesWorkFolderEmpty() throws IOException {
        byte[] envelope = sealStream(CONTENT, pki.agencySigner());
        byte[] truncated = Arrays.copyOf(envelope, envelope.length - 3);

        assertStreamRejected(truncated, EnvelopeMalformedException.class, ErrorCode.ENVELOPE_MALFORMED);
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void envelopeOverLimitIsTooLarge() throws IOException {
        byte[] envelope = sealStream(new byte[8192], pki.agencySigner());
        EnvelopeOpener opener = new EnvelopeOpener(4096);

        assertThatThrownBy(() -> opener.open(new ByteArrayInputStream(envelope),
                List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(), Instant.now(), workFolder))
                .isExactlyInstanceOf(EnvelopeTooLargeException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.BODY_TOO_LARGE))
                .hasMessageContaining("4096");
        assertThat(filesIn(workFolder)).isEmpty();
    }

    @Test
    void envelopeOverLimitIsTooLargeInMemory() {
        byte[] envelope = sealStream(new byte[8192], pki.agencySigner());
        EnvelopeOpener opener = new EnvelopeOpener(4096);

        assertThatThrownBy(() -> opener.open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now()))
                .isExactlyInstanceOf(EnvelopeTooLargeException.class);
    }

    @Test
    void envelopeAtLimitOpens() throws Exception {
        byte[] envelope = sealStream(new byte[8192], pki.agencySigner());
        EnvelopeOpener opener = new EnvelopeOpener(envelope.length);

        try (OpenedEnvelopeFile opened = opener.open(new ByteArrayInputStream(envelope),
                List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(), Instant.now(), workFolder)) {
            assertThat(opened.contentSize()).isEqualTo(8192);
        }
    }

    @Test
    void missingWorkFolderIsInternalError() {
        byte[] envelope = sealStream(CONTENT, pki.agencySigner());
        Path missing = workFolder.resolve("missing");

        assertThatThrownBy(() -> new EnvelopeOpener().open(new ByteArrayInputStream(envelope),
                List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(), Instant.now(), missing))
                .isExactlyInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining(missing.toString());
    }

    private static byte[] sealStream(byte[] content, SigningIdentity signer) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        new EnvelopeSealer().seal(new ByteArrayInputStream(content), signer,
                List.of(pki.encryptionCertificate(TestPki.COUNTY)), envelope);
        return envelope.toByteArray();
    }

    private OpenedEnvelopeFile openStream(byte[] envelope) {
        return new EnvelopeOpener().open(new ByteArrayInputStream(envelope), List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now(), workFolder);
    }

    private void assertStreamRejected(byte[] envelope, Class<? extends GatewayException> type, ErrorCode code) {
        assertThatThrownBy(() -> openStream(envelope))
                .isExactlyInstanceOf(type)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(code))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MARKER));
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("marker not found in the SignedData");
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    /** Records whether the sealer closed the caller's stream. */
    private static final class TrackingOutputStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
