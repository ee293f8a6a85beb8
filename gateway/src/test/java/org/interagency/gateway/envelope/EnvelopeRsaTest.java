package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the RSA branches of sealing and opening (RSA-PSS signatures, RSA-OAEP key
 * transport), their interop with {@code openssl cms} in both directions, and that no sealed
 * envelope, EC or RSA, contains a SHA-1 or MD5 algorithm identifier.
 */
class EnvelopeRsaTest {

    private static final byte[] CONTENT = "{\"resourceType\":\"Bundle\",\"id\":\"rsa\"}\n".getBytes(StandardCharsets.UTF_8);

    /** SHA-1 and MD5 digests and every signature or KDF OID built on them. */
    private static final Set<ASN1ObjectIdentifier> WEAK = Set.of(OIWObjectIdentifiers.idSHA1,
            PKCSObjectIdentifiers.md5, PKCSObjectIdentifiers.sha1WithRSAEncryption, PKCSObjectIdentifiers.md5WithRSAEncryption,
            X9ObjectIdentifiers.ecdsa_with_SHA1, X9ObjectIdentifiers.dhSinglePass_stdDH_sha1kdf_scheme,
            X9ObjectIdentifiers.dhSinglePass_cofactorDH_sha1kdf_scheme);

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
    void rsaEnvelopeRoundTrips() {
        OpenedEnvelope opened = openRsa(sealRsa());

        assertThat(opened.content()).isEqualTo(CONTENT);
        assertThat(opened.signerAgencyId()).isEqualTo(TestPki.AGENCY);
    }

    @Test
    void rsaEnvelopeUsesOaepSha256AndPss() throws Exception {
        byte[] envelope = sealRsa();
        RecipientInformation recipient = new CMSAuthEnvelopedData(envelope).getRecipientInfos().iterator().next();
        SignerInformation signer = signerInfo(recipient.getContent(
                new JceKeyTransAuthEnvelopedRecipient(rsaDecryptionKey().key()).setProvider(BouncyCastle.PROVIDER)));

        AlgorithmIdentifier keyTransport = recipient.getKeyEncryptionAlgorithm();
        RSAESOAEPparams oaep = RSAESOAEPparams.getInstance(keyTransport.getParameters());
        assertThat(keyTransport.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP);
        assertThat(oaep.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(AlgorithmIdentifier.getInstance(oaep.getMaskGenAlgorithm().getParameters()).getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_sha256);

        AlgorithmIdentifier signature = signer.toASN1Structure().getDigestEncryptionAlgorithm();
        assertThat(signature.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSASSA_PSS);
        assertThat(RSASSAPSSparams.getInstance(signature.getParameters()).getHashAlgorithm().getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(signer.getDigestAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void ecEnvelopeUsesSha256KdfAndAes256Wrap() throws Exception {
        byte[] envelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(), List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        RecipientInformation recipient = new CMSAuthEnvelopedData(envelope).getRecipientInfos().iterator().next();
        AlgorithmIdentifier keyAgreement = recipient.getKeyEncryptionAlgorithm();

        assertThat(keyAgreement.getAlgorithm()).isEqualTo(SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme);
        assertThat(AlgorithmIdentifier.getInstance(keyAgreement.getParameters()).getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_aes256_wrap);
    }

    @Test
    void sealedEnvelopesContainNoSha1() throws Exception {
        byte[] rsaEnvelope = sealRsa();
        byte[] rsaSignedData = new CMSAuthEnvelopedData(rsaEnvelope).getRecipientInfos().iterator().next().getContent(
                new JceKeyTransAuthEnvelopedRecipient(rsaDecryptionKey().key()).setProvider(BouncyCastle.PROVIDER));
        byte[] ecEnvelope = new EnvelopeSealer().seal(CONTENT, pki.agencySigner(),
                List.of(pki.encryptionCertificate(TestPki.COUNTY)));
        byte[] ecSignedData = new CMSAuthEnvelopedData(ecEnvelope).getRecipientInfos().iterator().next().getContent(
                new JceKeyAgreeAuthEnvelopedRecipient(pki.decryptionKey(TestPki.COUNTY).key()).setProvider(BouncyCastle.PROVIDER));

        for (byte[] structure : List.of(rsaEnvelope, rsaSignedData, ecEnvelope, ecSignedData)) {
            Set<ASN1ObjectIdentifier> oids = new HashSet<>();
            collectOids(ASN1Primitive.fromByteArray(structure), oids);
            assertThat(oids).as("algorithm identifiers").isNotEmpty().doesNotContainAnyElementsOf(WEAK);
        }
    }

    @Test
    void opensslOpensRsaEnvelope() throws Exception {
        Files.write(work.resolve("envelope.der"), sealRsa());
        KeyMaterial.writePrivateKeyPem(work.resolve("encryption.key"), rsaDecryptionKey().key());
        Openssl openssl = new Openssl(work);

        openssl.run("cms", "-decrypt", "-inform", "DER", "-in", "envelope.der", "-binary",
                "-recip", pki.path("test/rsa-gateway-encryption.crt").toString(), "-inkey", "encryption.key",
                "-out", "signed.der");
        openssl.run("cms", "-verify", "-inform", "DER", "-in", "signed.der", "-binary",
                "-CAfile", pki.path("root-ca.crt").toString(), "-out", "content.bin");

        assertThat(openssl.read("content.bin")).isEqualTo(CONTENT);
    }

    @Test
    void openerOpensOpensslPssOaepSha256Envelope() throws Exception {
        byte[] envelope = opensslRsaEnvelope("rsa_oaep_md:sha256");

        assertThat(oaepHash(envelope)).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(openRsa(envelope).content()).isEqualTo(CONTENT);
    }

    /** OpenSSL 3.0 uses SHA-1 for the OAEP hash without {@code rsa_oaep_md}, and SHA-1 there is accepted on receipt. */
    @Test
    void openerAcceptsOpensslDefaultSha1Oaep() throws Exception {
        byte[] envelope = opensslRsaEnvelope(null);

        assertThat(oaepHash(envelope)).isEqualTo(OIWObjectIdentifiers.idSHA1);
        assertThat(openRsa(envelope).content()).isEqualTo(CONTENT);
    }

    /** Signs with RSA-PSS and encrypts with RSA-OAEP, adding the OAEP digest option when it is not null. */
    private byte[] opensslRsaEnvelope(String oaepDigestOption) throws Exception {
        Openssl openssl = new Openssl(work);
        openssl.writeSigner("agency", pki.signer("test/rsa-agency-signing.p12"));
        Files.write(work.resolve("content.bin"), CONTENT);
        // -keyopt applies to the -signer or -recip before it.
        openssl.run("cms", "-sign", "-nodetach", "-md", "sha256", "-binary", "-outform", "DER", "-in", "content.bin",
                "-signer", "agency.crt", "-inkey", "agency.key", "-keyopt", "rsa_padding_mode:pss",
                "-certfile", pki.path("alameda/county-ca.crt").toString(), "-out", "signed.der");
        List<String> encrypt = new ArrayList<>(List.of("cms", "-encrypt", "-aes-256-gcm", "-binary", "-outform", "DER",
                "-in", "signed.der", "-out", "envelope.der",
                "-recip", pki.path("test/rsa-gateway-encryption.crt").toString(), "-keyopt", "rsa_padding_mode:oaep"));
        if (oaepDigestOption != null) {
            encrypt.addAll(List.of("-keyopt", oaepDigestOption));
        }
        openssl.run(encrypt);
        return openssl.read("envelope.der");
    }

    private static ASN1ObjectIdentifier oaepHash(byte[] envelope) throws Exception {
        AlgorithmIdentifier keyTransport = new CMSAuthEnvelopedData(envelope).getRecipientInfos().iterator().next()
                .getKeyEncryptionAlgorithm();
        return RSAESOAEPparams.getInstance(keyTransport.getParameters()).getHashAlgorithm().getAlgorithm();
    }

    private static byte[] sealRsa() {
        X509Certificate recipient = KeyMaterial.readCertificate(pki.path("test/rsa-gateway-encryption.crt"));
        return new EnvelopeSealer().seal(CONTENT, pki.signer("test/rsa-agency-signing.p12"), List.of(recipient));
    }

    private static OpenedEnvelope openRsa(byte[] envelope) {
        return new EnvelopeOpener().open(envelope, List.of(rsaDecryptionKey()), pki.trustAnchors(), Instant.now());
    }

    private static DecryptionKey rsaDecryptionKey() {
        return pki.decryptionKeyFrom("test/rsa-gateway-encryption.p12");
    }

    private static SignerInformation signerInfo(byte[] signedData) throws Exception {
        return new CMSSignedData(signedData).getSignerInfos().getSigners().iterator().next();
    }

    private static void collectOids(ASN1Encodable node, Set<ASN1ObjectIdentifier> oids) {
        ASN1Primitive primitive = node.toASN1Primitive();
        if (primitive instanceof ASN1ObjectIdentifier oid) {
            oids.add(oid);
        } else if (primitive instanceof ASN1Sequence sequence) {
            sequence.forEach(child -> collectOids(child, oids));
        } else if (primitive instanceof ASN1Set set) {
            set.forEach(child -> collectOids(child, oids));
        } else if (primitive instanceof ASN1TaggedObject tagged) {
            collectOids(tagged.getBaseObject(), oids);
        }
    }
}
