package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeRoundTripTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pkiDir;

    private static TestPki pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void openReturnsSealedContentAndSigner() {
        Instant before = Instant.now().minusSeconds(1);
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));

        OpenedEnvelope opened = new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now());

        assertThat(opened.content()).isEqualTo(CONTENT);
        assertThat(opened.signerAgencyId()).isEqualTo(TestPki.AGENCY);
        assertThat(opened.signer()).isEqualTo(pki.agencySigner().certificate());
        assertThat(opened.signingTime()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void everyRecipientCanOpen() {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY), pki.encryptionCertificate(TestPki.OTHER_COUNTY)));

        for (String county : List.of(TestPki.COUNTY, TestPki.OTHER_COUNTY)) {
            OpenedEnvelope opened = new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(county)),
                    pki.trustAnchors(), Instant.now());
            assertThat(opened.content()).as("content opened by %s", county).isEqualTo(CONTENT);
        }
    }

    @Test
    void openFindsMatchingKeyAmongSeveral() {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));

        OpenedEnvelope opened = new EnvelopeOpener().open(envelope,
                List.of(pki.decryptionKey(TestPki.OTHER_COUNTY), pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), Instant.now());

        assertThat(opened.content()).isEqualTo(CONTENT);
    }

    @Test
    void sealedEnvelopeIsDer() throws Exception {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));

        byte[] reencoded = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(envelope)
                .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);

        assertThat(reencoded).isEqualTo(envelope);
    }

    @Test
    void openAcceptsSigningTimeWithinClockSkew() {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        Instant receiverClockBehind = Instant.now().minus(Duration.ofMinutes(4));

        OpenedEnvelope opened = new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)),
                pki.trustAnchors(), receiverClockBehind);

        assertThat(opened.content()).isEqualTo(CONTENT);
    }
}
