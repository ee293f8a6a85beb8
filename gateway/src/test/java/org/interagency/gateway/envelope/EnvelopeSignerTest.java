package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.interagency.gateway.envelope.AlgorithmPolicyTest.assertRejected;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.interagency.gateway.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the signer certificate rules: validity at the signing time and now, the trust
 * anchor, and revocation by CRL from the folder and from an HTTP distribution point. It also
 * checks that a flipped byte in a signed attribute or in the content fails the signature.
 */
class EnvelopeSignerTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"id\":\"signer\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path pkiDir;

    @TempDir
    Path work;

    private static TestPki pki;
    private HttpServer server;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void openRejectsExpiredSigner() {
        assertRejected(() -> open(seal(pki.signer("test/expired-agency.p12"))),
                SignerExpiredException.class, ErrorCode.SIGNER_EXPIRED);
    }

    @Test
    void openRejectsNotYetValidSigner() {
        assertRejected(() -> open(seal(pki.signer("test/not-yet-valid-agency.p12"))),
                SignerExpiredException.class, ErrorCode.SIGNER_EXPIRED);
    }

    @Test
    void openRejectsUntrustedSigner() {
        assertRejected(() -> open(seal(pki.signer("test/untrusted-agency.p12"))),
                SignerUntrustedException.class, ErrorCode.SIGNER_UNTRUSTED);
    }

    @Test
    void verifyRejectsRevokedSignerFromCrlFolder() {
        byte[] signed = new SignedContent().sign(CONTENT, pki.signer("test/revoked-agency.p12"));
        SignedContent verifier = new SignedContent(VerificationSettings.defaults().withCrlFolder(pki.crlFolder()));

        assertRejected(() -> verifier.verify(signed, pki.trustAnchors()),
                SignerRevokedException.class, ErrorCode.SIGNER_REVOKED);
    }

    @Test
    void verifyAcceptsUnrevokedSignerWithCrlFolder() {
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        SignedContent verifier = new SignedContent(VerificationSettings.defaults().withCrlFolder(pki.crlFolder()));

        assertThat(verifier.verify(signed, pki.trustAnchors()).content()).isEqualTo(CONTENT);
    }

    @Test
    void verifyRejectsSignerWithoutIssuerCrl() throws Exception {
        Path onlyRootCrl = Files.createDirectories(work.resolve("crl"));
        Files.copy(pki.crlFolder().resolve("root-ca.crl"), onlyRootCrl.resolve("root-ca.crl"));
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        SignedContent verifier = new SignedContent(VerificationSettings.defaults().withCrlFolder(onlyRootCrl));

        assertRejected(() -> verifier.verify(signed, pki.trustAnchors()),
                SignerRevocationUnknownException.class, ErrorCode.SIGNER_REVOCATION_UNKNOWN);
    }

    @Test
    void verifyRejectsSignerRevokedAtDistributionPoint() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        String crlUri = startCrlServer(downloads);
        SigningIdentity signer = signerWithDistributionPoint(crlUri);
        serveCrl(signer.certificate().getSerialNumber());
        byte[] signed = new SignedContent().sign(CONTENT, signer);

        assertRejected(() -> verifierWithRootCrlOnly().verify(signed, pki.trustAnchors()),
                SignerRevokedException.class, ErrorCode.SIGNER_REVOKED);
        assertThat(downloads).hasValue(1);
    }

    @Test
    void verifyCachesDistributionPointCrl() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        String crlUri = startCrlServer(downloads);
        SigningIdentity signer = signerWithDistributionPoint(crlUri);
        serveCrl(null);
        byte[] signed = new SignedContent().sign(CONTENT, signer);
        SignedContent verifier = verifierWithRootCrlOnly();

        assertThat(verifier.verify(signed, pki.trustAnchors()).content()).isEqualTo(CONTENT);
        assertThat(verifier.verify(signed, pki.trustAnchors()).content()).isEqualTo(CONTENT);
        assertThat(downloads).hasValue(1);
    }

    @Test
    void verifyRejectsUnreachableDistributionPoint() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        String crlUri = startCrlServer(downloads);
        server.stop(0);
        server = null;
        byte[] signed = new SignedContent().sign(CONTENT, signerWithDistributionPoint(crlUri));

        assertRejected(() -> verifierWithRootCrlOnly().verify(signed, pki.trustAnchors()),
                SignerRevocationUnknownException.class, ErrorCode.SIGNER_REVOCATION_UNKNOWN);
    }

    @Test
    void flippedSignedAttributeFailsSignature() throws Exception {
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        // The message-digest signed attribute contains the SHA-256 of the content.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(CONTENT);
        signed[indexOf(signed, digest) + 3] ^= 0x01;
        byte[] envelope = TestEnvelopes.authEnvelope(signed, pki.encryptionCertificate(TestPki.COUNTY));

        assertRejected(() -> open(envelope), SignatureInvalidException.class, ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void flippedContentByteFailsSignature() throws Exception {
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        signed[indexOf(signed, CONTENT) + 5] ^= 0x01;
        byte[] envelope = TestEnvelopes.authEnvelope(signed, pki.encryptionCertificate(TestPki.COUNTY));

        assertRejected(() -> open(envelope), SignatureInvalidException.class, ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void verifyAppliesClockSkewToExpiry() throws Exception {
        SigningIdentity signer = pki.agencySigner();
        Instant notAfter = signer.certificate().getNotAfter().toInstant();
        byte[] signed = TestEnvelopes.signAt(CONTENT, signer, notAfter.minusSeconds(60));

        assertThat(new SignedContent().verify(signed, pki.trustAnchors(), notAfter.plusSeconds(60)).content())
                .isEqualTo(CONTENT);
        assertRejected(() -> new SignedContent().verify(signed, pki.trustAnchors(), notAfter.plus(Duration.ofMinutes(10))),
                SignerExpiredException.class, ErrorCode.SIGNER_EXPIRED);
    }

    @Test
    void verifySignerAcceptsStreamingParser() throws Exception {
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        CMSSignedDataParser parser = new CMSSignedDataParser(
                new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(), signed);
        byte[] content = parser.getSignedContent().getContentStream().readAllBytes();

        CmsSignatureVerifier.VerifiedSigner verified = new CmsSignatureVerifier().verifySigner(
                parser.getSignerInfos(), parser.getCertificates(), pki.trustAnchors(), Instant.now());

        assertThat(content).isEqualTo(CONTENT);
        assertThat(verified.certificate()).isEqualTo(pki.agencySigner().certificate());
    }

    @Test
    void verifySignerRejectsStreamedTamperedContent() throws Exception {
        byte[] signed = new SignedContent().sign(CONTENT, pki.agencySigner());
        signed[indexOf(signed, CONTENT) + 5] ^= 0x01;
        CMSSignedDataParser parser = new CMSSignedDataParser(
                new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(), signed);
        parser.getSignedContent().getContentStream().readAllBytes();

        assertRejected(() -> new CmsSignatureVerifier().verifySigner(parser.getSignerInfos(), parser.getCertificates(),
                pki.trustAnchors(), Instant.now()), SignatureInvalidException.class, ErrorCode.SIGNATURE_INVALID);
    }

    @Test
    void p384SignerUsesSha384AndOpens() throws Exception {
        SigningIdentity signer = issueAgencySigner("secp384r1", null);
        byte[] signed = new SignedContent().sign(CONTENT, signer);
        SignerInformation signerInfo = new CMSSignedData(signed).getSignerInfos().getSigners().iterator().next();

        assertThat(signerInfo.getEncryptionAlgOID()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA384.getId());
        assertThat(signerInfo.getDigestAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha384);
        assertThat(open(seal(signer)).content()).isEqualTo(CONTENT);
    }

    private static X509Certificate rootOf(SigningIdentity identity) {
        return identity.chain().get(identity.chain().size() - 1);
    }

    private SignedContent verifierWithRootCrlOnly() throws Exception {
        Path folder = Files.createDirectories(work.resolve("root-crl"));
        Files.copy(pki.crlFolder().resolve("root-ca.crl"), folder.resolve("root-ca.crl"));
        return new SignedContent(VerificationSettings.defaults().withCrlFolder(folder));
    }

    private AtomicInteger downloads;

    private String startCrlServer(AtomicInteger downloads) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        this.downloads = downloads;
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/county-ca.crl";
    }

    /** Serves a CRL of the alameda county CA that lists the serial, or nothing when it is null. */
    private void serveCrl(BigInteger revokedSerial) throws Exception {
        SigningIdentity countyCa = pki.signer("alameda/county-ca.p12");
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(countyCa.certificate().getSubjectX500Principal().getEncoded()), Date.from(now.minusSeconds(60)));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        if (revokedSerial != null) {
            builder.addCRLEntry(revokedSerial, Date.from(now.minusSeconds(60)), CRLReason.keyCompromise);
        }
        byte[] crl = builder.build(ecdsa(countyCa)).getEncoded();
        server.createContext("/county-ca.crl", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, crl.length);
            exchange.getResponseBody().write(crl);
            exchange.close();
        });
    }

    /** Issues a P-256 agency signing certificate under the alameda county CA with an HTTP CRL distribution point. */
    private static SigningIdentity signerWithDistributionPoint(String crlUri) throws Exception {
        return issueAgencySigner("secp256r1", crlUri);
    }

    /** Issues an agency signing certificate on the curve under the alameda county CA, with a CRL distribution point unless it is null. */
    private static SigningIdentity issueAgencySigner(String curve, String crlUri) throws Exception {
        SigningIdentity countyCa = pki.signer("alameda/county-ca.p12");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair keyPair = generator.generateKeyPair();
        Instant now = Instant.now();

        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(countyCa.certificate(),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(600)), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + TestPki.AGENCY + " CRL distribution point test"), keyPair.getPublic());
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, CertificateUris.AGENCY_PREFIX + TestPki.AGENCY)));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(countyCa.certificate()));
        if (crlUri != null) {
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, crlUri))), null, null)}));
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(ecdsa(countyCa)));

        return new SigningIdentity(keyPair.getPrivate(), certificate,
                List.of(certificate, countyCa.certificate(), rootOf(countyCa)));
    }

    private static ContentSigner ecdsa(SigningIdentity issuer) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key());
    }

    private static byte[] seal(SigningIdentity signer) {
        return new EnvelopeSealer().seal(CONTENT, signer, List.of(pki.encryptionCertificate(TestPki.COUNTY)));
    }

    private static OpenedEnvelope open(byte[] envelope) {
        return new EnvelopeOpener().open(envelope, List.of(pki.decryptionKey(TestPki.COUNTY)), pki.trustAnchors(),
                Instant.now());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("bytes not found");
    }
}
