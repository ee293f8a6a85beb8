package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that each algorithm the gateway does not accept is rejected with its own code,
 * through the policy alone and through the opener or verifier, and that no content comes back.
 */
class AlgorithmPolicyTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"id\":\"policy\"}".getBytes(StandardCharsets.UTF_8);
    private static final String PEER = TestPki.COUNTY;

    @TempDir
    static Path pkiDir;

    @TempDir
    Path work;

    private static TestPki pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1withECDSA", "SHA1withRSA", "MD5withRSA", "SHA1withRSAandMGF1"})
    void verifierRejectsWeakSignatureAlgorithm(String algorithm) throws Exception {
        SigningIdentity signer = algorithm.endsWith("ECDSA") ? pki.agencySigner() : pki.signer("test/rsa-agency-signing.p12");
        byte[] signed = TestEnvelopes.sign(CONTENT, signer, algorithm);

        assertRejected(() -> new SignedContent().verify(signed, pki.trustAnchors()),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void openerRejectsSha1SignatureInsideEnvelope() throws Exception {
        byte[] signed = TestEnvelopes.sign(CONTENT, pki.agencySigner(), "SHA1withECDSA");
        byte[] envelope = TestEnvelopes.authEnvelope(signed, pki.encryptionCertificate(TestPki.COUNTY));

        assertRejected(() -> open(envelope, pki.decryptionKey(TestPki.COUNTY)),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifierRejectsOpensslSha1Signature() throws Exception {
        Openssl openssl = new Openssl(work);
        openssl.writeSigner("agency", pki.agencySigner());
        Files.write(work.resolve("content.bin"), CONTENT);
        openssl.run("cms", "-sign", "-nodetach", "-md", "sha1", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-out", "signed.der");
        byte[] signed = openssl.read("signed.der");

        assertRejected(() -> new SignedContent().verify(signed, pki.trustAnchors()),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void verifierRejectsRsa1024Signer() throws Exception {
        SigningIdentity weak = selfSignedRsa(1024);
        byte[] signed = TestEnvelopes.sign(CONTENT, weak, "SHA256withRSA");

        assertRejected(() -> new SignedContent().verify(signed, List.of(weak.certificate())),
                KeyTooSmallException.class, ErrorCode.KEY_TOO_SMALL);
    }

    @Test
    void sealingRejectsRsa1024Recipient() throws Exception {
        X509Certificate weak = selfSignedRsa(1024).certificate();

        assertThatThrownBy(() -> AlgorithmPolicy.defaults().checkRecipientCertificate(weak))
                .isExactlyInstanceOf(KeyTooSmallException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.KEY_TOO_SMALL))
                .hasMessageContaining("1024 bits");
    }

    @Test
    void sealingRejectsRecipientWithoutKeyAgreement() {
        X509Certificate signingOnly = pki.agencySigner().certificate();

        assertThatThrownBy(() -> AlgorithmPolicy.defaults().checkRecipientCertificate(signingOnly))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("keyAgreement");
    }

    @Test
    void sealingAcceptsGatewayEncryptionCertificates() {
        assertThatCode(() -> AlgorithmPolicy.defaults().checkRecipientCertificate(
                pki.encryptionCertificate(TestPki.COUNTY))).doesNotThrowAnyException();
        assertThatCode(() -> AlgorithmPolicy.defaults().checkRecipientCertificate(
                KeyMaterial.readCertificate(pki.path("test/rsa-gateway-encryption.crt")))).doesNotThrowAnyException();
    }

    @Test
    void openerRejectsOpensslPkcs1KeyTransport() throws Exception {
        Openssl openssl = new Openssl(work);
        Files.write(work.resolve("signed.der"), new SignedContent().sign(CONTENT, pki.agencySigner()));
        // -keyopt applies to the -recip before it.
        openssl.run("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER", "-in", "signed.der",
                "-out", "envelope.der", "-recip", pki.path("test/legacy-peer-rsa2048.crt").toString(),
                "-keyopt", "rsa_padding_mode:pkcs1");
        byte[] envelope = openssl.read("envelope.der");

        RecipientInformation recipient = new CMSAuthEnvelopedData(envelope).getRecipientInfos().iterator().next();
        assertThatThrownBy(() -> AlgorithmPolicy.defaults().checkKeyEncryption(recipient))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("PKCS#1 v1.5")
                .hasMessageContaining("1.2.840.113549.1.1.1");
        assertRejected(() -> open(envelope, pki.decryptionKeyFrom("test/legacy-peer-rsa2048.p12")),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void openerRejectsBouncyCastlePkcs1KeyTransport() throws Exception {
        byte[] envelope = TestEnvelopes.authEnvelope(new SignedContent().sign(CONTENT, pki.agencySigner()),
                KeyMaterial.readCertificate(pki.path("test/rsa-gateway-encryption.crt")));

        assertRejected(() -> open(envelope, pki.decryptionKeyFrom("test/rsa-gateway-encryption.p12")),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DES", "3DES", "RC2"})
    void policyRejectsBrokenCiphers(String cipher) throws Exception {
        var oid = switch (cipher) {
            case "DES" -> CMSAlgorithm.DES_CBC;
            case "3DES" -> CMSAlgorithm.DES_EDE3_CBC;
            default -> CMSAlgorithm.RC2_CBC;
        };
        byte[] envelope = TestEnvelopes.envelope(new SignedContent().sign(CONTENT, pki.agencySigner()),
                pki.encryptionCertificate(TestPki.COUNTY), oid);
        AlgorithmIdentifier contentEncryption = new CMSEnvelopedData(envelope).getContentEncryptionAlgorithm();
        AlgorithmPolicy allowsCbc = new AlgorithmPolicy(Set.of(PEER));

        assertThatThrownBy(() -> allowsCbc.checkContentEncryption(contentEncryption, PEER))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.ALGORITHM_NOT_ALLOWED))
                .hasMessageContaining(oid.getId())
                .hasMessageContaining("broken");
        assertRejected(() -> open(envelope, pki.decryptionKey(TestPki.COUNTY)),
                AlgorithmNotAllowedException.class, ErrorCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void policyRejectsOpenssl3desEnvelope() throws Exception {
        AlgorithmIdentifier contentEncryption = opensslEnvelopedData("-des3").getContentEncryptionAlgorithm();

        assertThatThrownBy(() -> new AlgorithmPolicy(Set.of(PEER)).checkContentEncryption(contentEncryption, PEER))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("3DES");
    }

    @Test
    void policyAllowsAesCbcOnlyFromNamedPeer() throws Exception {
        AlgorithmIdentifier contentEncryption = opensslEnvelopedData("-aes-256-cbc").getContentEncryptionAlgorithm();
        AlgorithmPolicy allowsAlameda = new AlgorithmPolicy(Set.of(PEER));

        assertThatCode(() -> allowsAlameda.checkContentEncryption(contentEncryption, PEER)).doesNotThrowAnyException();
        assertThatThrownBy(() -> allowsAlameda.checkContentEncryption(contentEncryption, TestPki.OTHER_COUNTY))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("gateway.envelope.cbc-allowed-peers");
        assertThatThrownBy(() -> AlgorithmPolicy.defaults().checkContentEncryption(contentEncryption, PEER))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class);
        assertThatThrownBy(() -> allowsAlameda.checkContentEncryption(contentEncryption, null))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class);
    }

    @Test
    void policyRejectsAes128CbcEvenFromNamedPeer() throws Exception {
        AlgorithmIdentifier contentEncryption = opensslEnvelopedData("-aes-128-cbc").getContentEncryptionAlgorithm();

        assertThatThrownBy(() -> new AlgorithmPolicy(Set.of(PEER)).checkContentEncryption(contentEncryption, PEER))
                .isExactlyInstanceOf(AlgorithmNotAllowedException.class);
    }

    @Test
    void policyAcceptsAes256Gcm() {
        assertThatCode(() -> AlgorithmPolicy.defaults().checkContentEncryption(
                new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM), TestPki.OTHER_COUNTY)).doesNotThrowAnyException();
    }

    private CMSEnvelopedData opensslEnvelopedData(String cipher) throws Exception {
        Openssl openssl = new Openssl(work);
        Files.write(work.resolve("signed.der"), new SignedContent().sign(CONTENT, pki.agencySigner()));
        openssl.run("cms", "-encrypt", cipher, "-binary", "-outform", "DER", "-in", "signed.der",
                "-out", "envelope.der", "-recip", pki.path("alameda/gateway-encryption.crt").toString());
        return new CMSEnvelopedData(openssl.read("envelope.der"));
    }

    private static OpenedEnvelope open(byte[] envelope, DecryptionKey key) {
        return new EnvelopeOpener().open(envelope, List.of(key), pki.trustAnchors(), Instant.now());
    }

    /** Asserts the exact exception type and code, and that the call returned no content. */
    static void assertRejected(ThrowingSupplier call, Class<? extends GatewayException> type, ErrorCode code) {
        AtomicReference<Object> result = new AtomicReference<>();
        assertThatThrownBy(() -> result.set(call.get()))
                .isExactlyInstanceOf(type)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(code));
        assertThat(result.get()).as("content returned despite the rejection").isNull();
    }

    /** A call that returns opened or verified content. */
    @FunctionalInterface
    interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private static SigningIdentity selfSignedRsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        KeyPair keyPair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=weak RSA test key");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(3600)), name, keyPair.getPublic());
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        return new SigningIdentity(keyPair.getPrivate(), certificate, List.of(certificate));
    }
}
