package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedContentTest {

    private static final byte[] RECEIPT = "receipt for message 9f2c".getBytes(StandardCharsets.UTF_8);

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
    void verifyReturnsSignedContentAndSignerUris() {
        byte[] signed = new SignedContent().sign(RECEIPT, pki.gatewaySigner(TestPki.COUNTY));

        VerifiedContent verified = new SignedContent().verify(signed, pki.trustAnchors());

        assertThat(verified.content()).isEqualTo(RECEIPT);
        assertThat(verified.signerUris()).containsExactly("urn:gateway:" + TestPki.COUNTY);
        assertThat(verified.signer()).isEqualTo(pki.gatewaySigner(TestPki.COUNTY).certificate());
        assertThat(verified.signingTime()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void signCarriesStandardSignedAttributes() throws Exception {
        byte[] signed = new SignedContent().sign(RECEIPT, pki.gatewaySigner(TestPki.COUNTY));

        SignerInformation signer = new CMSSignedData(signed).getSignerInfos().getSigners().iterator().next();

        assertThat(signer.getSignedAttributes().get(org.bouncycastle.asn1.cms.CMSAttributes.contentType)).isNotNull();
        assertThat(signer.getSignedAttributes().get(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest)).isNotNull();
        assertThat(signer.getSignedAttributes().get(org.bouncycastle.asn1.cms.CMSAttributes.signingTime)).isNotNull();
        assertThat(signer.getSignedAttributes()
                .get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
        assertThat(new CMSSignedData(signed).toASN1Structure().getEncoded(ASN1Encoding.DER)).isEqualTo(signed);
    }

    @Test
    void tamperedSignatureIsInvalid() throws Exception {
        byte[] signed = new SignedContent().sign(RECEIPT, pki.gatewaySigner(TestPki.COUNTY));
        byte[] signature = new CMSSignedData(signed).getSignerInfos().getSigners().iterator().next().getSignature();
        int offset = indexOf(signed, signature);
        // Flip a bit inside the ECDSA-Sig-Value's r integer, past its DER header.
        signed[offset + 6] ^= 0x01;

        assertThatThrownBy(() -> new SignedContent().verify(signed, pki.trustAnchors()))
                .isExactlyInstanceOf(SignatureInvalidException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    }

    @Test
    void tamperedContentIsInvalid() {
        byte[] signed = new SignedContent().sign(RECEIPT, pki.gatewaySigner(TestPki.COUNTY));
        int offset = indexOf(signed, RECEIPT);
        signed[offset] ^= 0x01;

        assertThatThrownBy(() -> new SignedContent().verify(signed, pki.trustAnchors()))
                .isExactlyInstanceOf(SignatureInvalidException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.SIGNATURE_INVALID));
    }

    @Test
    void signerFromOtherRootIsUntrusted() {
        byte[] signed = new SignedContent().sign(RECEIPT, foreignPki.gatewaySigner(TestPki.COUNTY));

        assertThatThrownBy(() -> new SignedContent().verify(signed, pki.trustAnchors()))
                .isExactlyInstanceOf(SignerUntrustedException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.SIGNER_UNTRUSTED));
    }

    @Test
    void garbageIsInvalid() {
        assertThatThrownBy(() -> new SignedContent().verify(new byte[] {0x30, 0x03, 0x02, 0x01}, pki.trustAnchors()))
                .isExactlyInstanceOf(SignatureInvalidException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("bytes not found");
    }
}
