package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each case alters one part of a valid envelope or its inputs and expects the exact
 * exception type and error code, with no content returned and none in the message.
 */
class EnvelopeTamperTest {

    private static final String MARKER = "synthetic-youth-record-4711";
    private static final byte[] CONTENT = MARKER.getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pkiDir;

    @TempDir
    static Path foreignPkiDir;

    private static TestPki pki;
    private static TestPki foreignPki;

    @BeforeAll
    static void createPkis() throws Exception {
        pki = TestPki.create(pkiDir);
        foreignPki = TestPki.create(foreignPkiDir);
    }

    @Test
    void flippedTagByteFailsDecryption() {
        byte[] envelope = sealForAlameda(pki.agencySigner());
        // The GCM tag is the mac field, the last element of AuthEnvelopedData (RFC 5083, section 2.1).
        envelope[envelope.length - 1] ^= 0x01;

        assertRejected(envelope, EnvelopeDecryptionException.class, ErrorCode.ENVELOPE_DECRYPTION_FAILED);
    }

    @Test
    void flippedCiphertextByteFailsDecryption() throws Exception {
        byte[] envelope = sealForAlameda(pki.agencySigner());
        int offset = ciphertextOffset(envelope);
        envelope[offset + 10] ^= 0x01;

        assertRejected(envelope, EnvelopeDecryptionException.class, ErrorCode.ENVELOPE_DECRYPTION_FAILED);
    }

    @Test
    void envelopeForOtherGatewayIsNotForUs() {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.OTHER_COUNTY)));

        assertRejected(envelope, EnvelopeNotForUsException.class, ErrorCode.ENVELOPE_NOT_FOR_US);
    }

    @Test
    void signerFromOtherRootIsUntrusted() {
        byte[] envelope = sealForAlameda(foreignPki.agencySigner());

        assertRejected(envelope, SignerUntrustedException.class, ErrorCode.SIGNER_UNTRUSTED);
    }

    @Test
    void signerWithoutAgencyUriIsNotAgency() {
        // The gateway's receipt signing certificate carries urn:gateway:, not urn:agency:.
        byte[] envelope = sealForAlameda(pki.gatewaySigner(TestPki.COUNTY));

        assertRejected(envelope, SignerNotAgencyException.class, ErrorCode.SIGNER_NOT_AGENCY);
    }

    @Test
    void signingTimeInFutureIsInvalid() {
        byte[] envelope = sealForAlameda(pki.agencySigner());
        Instant receiverClockFarBehind = Instant.now().minus(Duration.ofMinutes(10));

        assertThatThrownBy(() -> new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), receiverClockFarBehind))
                .isExactlyInstanceOf(SignatureInvalidException.class)
                .extracting(e -> ((GatewayException) e).code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void truncatedEnvelopeIsMalformed() {
        byte[] envelope = sealForAlameda(pki.agencySigner());

        for (int length : new int[] {0, 1, 20, envelope.length / 2, envelope.length - 1}) {
            byte[] truncated = Arrays.copyOf(envelope, length);
            assertRejected(truncated, EnvelopeMalformedException.class, ErrorCode.ENVELOPE_MALFORMED);
        }
    }

    @Test
    void garbageIsMalformed() {
        byte[] garbage = new byte[2048];
        new Random(42).nextBytes(garbage);

        assertRejected(garbage, EnvelopeMalformedException.class, ErrorCode.ENVELOPE_MALFORMED);
        assertRejected(CONTENT, EnvelopeMalformedException.class, ErrorCode.ENVELOPE_MALFORMED);
    }

    @Test
    void signedDataWithoutEnvelopeIsMalformed() {
        byte[] signedOnly = new SignedContent().sign(CONTENT, pki.agencySigner());

        assertRejected(signedOnly, EnvelopeMalformedException.class, ErrorCode.ENVELOPE_MALFORMED);
    }

    private static byte[] sealForAlameda(SigningIdentity signer) {
        return new EnvelopeSealer().seal(CONTENT, signer, List.of(pki.encryptionCertificate(TestPki.COUNTY)));
    }

    private static void assertRejected(byte[] envelope, Class<? extends GatewayException> type, ErrorCode code) {
        assertThatThrownBy(() -> new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now()))
                .isExactlyInstanceOf(type)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(code))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MARKER));
    }

    /** Returns where the encrypted content octets start inside the DER envelope. */
    private static int ciphertextOffset(byte[] envelope) {
        AuthEnvelopedData data = AuthEnvelopedData.getInstance(ContentInfo.getInstance(envelope).getContent());
        byte[] ciphertext = data.getAuthEncryptedContentInfo().getEncryptedContent().getOctets();
        for (int i = 0; i + ciphertext.length <= envelope.length; i++) {
            if (Arrays.equals(envelope, i, i + ciphertext.length, ciphertext, 0, ciphertext.length)) {
                return i;
            }
        }
        throw new AssertionError("ciphertext not found in the envelope");
    }
}
