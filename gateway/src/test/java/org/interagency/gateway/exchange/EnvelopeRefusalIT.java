package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.interagency.gateway.testing.HostileDer.concat;
import static org.interagency.gateway.testing.HostileDer.encoded;
import static org.interagency.gateway.testing.HostileDer.nestedIndefinite;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.PayloadDigest;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every forged, misdirected or malformed envelope that alameda's gateway key can deliver to
 * contra-costa's {@code POST /exchange/v1/envelopes}. Each case expects a 4xx status, the exact
 * error code in the OperationOutcome, one new REFUSED ledger row with that code for the
 * envelope's digest, and nothing in the inbox of either destination.
 */
class EnvelopeRefusalIT {

    private static final String PKCS7 = "application/pkcs7-mime";
    private static final String SENDER = "alameda.juvenile-hall";
    /** The destinations of the example message {@code valid.json}. */
    private static final List<String> DESTINATIONS = List.of("contra-costa.probation", "contra-costa.child-welfare");
    private static final Provider BC = new BouncyCastleProvider();

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * One way to build a rejected envelope from a message with a fresh id, and the HTTP status
     * and error code the receiving gateway must return.
     */
    record Case(String name, int status, String code, Function<String, byte[]> envelope) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("flipped ciphertext byte", 422, "ENVELOPE_DECRYPTION_FAILED", id -> {
                    byte[] envelope = seal(message(id));
                    envelope[ciphertextOffset(envelope) + 10] ^= 0x01;
                    return envelope;
                }),
                new Case("flipped GCM tag byte", 422, "ENVELOPE_DECRYPTION_FAILED", id -> {
                    byte[] envelope = seal(message(id));
                    requireMacAtEnd(envelope);
                    envelope[envelope.length - 1] ^= 0x01;
                    return envelope;
                }),
                new Case("flipped message-digest attribute byte", 422, "SIGNATURE_INVALID", id -> {
                    byte[] content = message(id);
                    byte[] signedData = new SignedContent().sign(content, signer("alameda/agencies/" + SENDER));
                    signedData[indexOf(signedData, sha256(content)) + 3] ^= 0x01;
                    return encrypt(signedData, contraCostaEncryption());
                }),
                new Case("flipped signed content byte", 422, "SIGNATURE_INVALID", id -> {
                    byte[] content = message(id);
                    byte[] signedData = new SignedContent().sign(content, signer("alameda/agencies/" + SENDER));
                    signedData[indexOf(signedData, content) + 5] ^= 0x01;
                    return encrypt(signedData, contraCostaEncryption());
                }),
                new Case("signer from untrusted root", 422, "SIGNER_UNTRUSTED",
                        id -> seal(message(id), signer("test/untrusted-agency"))),
                new Case("expired signer", 422, "SIGNER_EXPIRED",
                        id -> seal(message(id), signer("test/expired-agency"))),
                new Case("not yet valid signer", 422, "SIGNER_EXPIRED",
                        id -> seal(message(id), signer("test/not-yet-valid-agency"))),
                new Case("revoked signer", 422, "SIGNER_REVOKED",
                        id -> seal(message(id), signer("test/revoked-agency"))),
                // The receipt signing certificate names urn:gateway:alameda and no agency.
                new Case("signer without agency name", 422, "SIGNER_NOT_AGENCY",
                        id -> seal(message(id), signer("alameda/gateway-signing"))),
                new Case("envelope for another county", 422, "ENVELOPE_NOT_FOR_US",
                        id -> encrypt(sign(message(id), "SHA256withECDSA", Instant.now()), alamedaEncryption())),
                // The development certificates start one hour before the PKI was written, so a
                // signing time two days old lies before every certificate of the path and the
                // validity check at the signing time fails before the time window is checked.
                new Case("signing time two days old", 422, "SIGNER_EXPIRED", id -> encrypt(
                        sign(message(id), "SHA256withECDSA", Instant.now().minus(Duration.ofDays(2))), contraCostaEncryption())),
                new Case("Bundle.timestamp two days old", 422, "MESSAGE_OUTSIDE_WINDOW", id -> seal(
                        Messages.withIdAt("valid.json", id, Instant.now().minus(Duration.ofDays(2)))
                                .getBytes(StandardCharsets.UTF_8))),
                new Case("SHA-1 signature", 422, "ALGORITHM_NOT_ALLOWED",
                        id -> encrypt(sign(message(id), "SHA1withECDSA", Instant.now()), contraCostaEncryption())),
                new Case("3DES EnvelopedData", 422, "ALGORITHM_NOT_ALLOWED", id -> encryptCbc(
                        sign(message(id), "SHA256withECDSA", Instant.now()), contraCostaEncryption(), CMSAlgorithm.DES_EDE3_CBC)),
                // No county is allowed to send AES-256-CBC to the test gateways.
                new Case("AES-256-CBC from a county not allowed to use it", 422, "ALGORITHM_NOT_ALLOWED", id -> encryptCbc(
                        sign(message(id), "SHA256withECDSA", Instant.now()), contraCostaEncryption(), CMSAlgorithm.AES256_CBC)),
                new Case("truncated DER", 400, "ENVELOPE_MALFORMED", id -> {
                    byte[] envelope = seal(message(id));
                    return Arrays.copyOf(envelope, envelope.length / 2);
                }),
                new Case("absurd outer length field", 400, "ENVELOPE_MALFORMED", id -> withAbsurdOuterLength(seal(message(id)))),
                // The tag verifies, so only the parser of the decrypted SignedData reads the length.
                new Case("absurd length field inside ciphertext", 400, "ENVELOPE_MALFORMED", id -> encrypt(
                        concat(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, message(id)),
                        contraCostaEncryption())),
                new Case("deep nesting in recipient infos", 400, "ENVELOPE_MALFORMED",
                        id -> concat(openAuthEnvelopedData(), nestedIndefinite(10_000))),
                new Case("deep nesting inside ciphertext", 400, "ENVELOPE_MALFORMED",
                        id -> encrypt(concat(openSignedData(), nestedIndefinite(10_000)), contraCostaEncryption())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedEnvelopeIsRecordedNotDelivered(Case rejection) {
        TestGateway contraCosta = pair.contraCosta();
        Ledger ledger = contraCosta.bean(Ledger.class);
        String id = Messages.newId();
        byte[] envelope = rejection.envelope().apply(id);
        long seqBefore = lastSeq(ledger);

        HttpResponse<byte[]> response = contraCosta.postAs(pair.alameda().gatewayTls(), "/exchange/v1/envelopes", PKCS7,
                envelope);

        JsonNode issue = json.readTree(response.body()).path("issue").path(0);
        assertThat(response.statusCode()).as("HTTP status").isEqualTo(rejection.status());
        assertThat(issue.path("details").path("coding").path(0).path("code").asString()).as("error code")
                .isEqualTo(rejection.code());
        assertThat(issue.path("diagnostics").asString()).as("diagnostics").isNotBlank().doesNotContain("\n");

        List<LedgerEntry> added = ledger.entriesFrom(seqBefore + 1, 100);
        List<LedgerEntry> refused = added.stream().filter(entry -> entry.event() == LedgerEvent.REFUSED).toList();
        assertThat(refused).as("new REFUSED ledger rows").hasSize(1);
        assertThat(refused.get(0).reasonCode()).as("ledger reason code").isEqualTo(rejection.code());
        assertThat(refused.get(0).payloadDigest()).as("ledger digest").isEqualTo(PayloadDigest.of(envelope));
        assertThat(added).as("new ledger rows").noneMatch(entry -> entry.event() == LedgerEvent.OPENED
                || entry.event() == LedgerEvent.DELIVERED || entry.event() == LedgerEvent.RECEIPT_SENT);
        for (String destination : DESTINATIONS) {
            assertThat(contraCosta.get(destination, "/api/v1/inbox/" + id).statusCode()).as("inbox of " + destination)
                    .isEqualTo(404);
        }
    }

    private static long lastSeq(Ledger ledger) {
        return ledger.entriesFrom(1, Integer.MAX_VALUE).stream().mapToLong(LedgerEntry::seq).max().orElse(0);
    }

    private static byte[] message(String id) {
        return Messages.withId("valid.json", id).getBytes(StandardCharsets.UTF_8);
    }

    private static SigningIdentity signer(String p12WithoutSuffix) {
        return KeyMaterial.loadSigningIdentity(pair.pki().resolve(p12WithoutSuffix + ".p12"), DevPki.PASSWORD.toCharArray());
    }

    private static X509Certificate contraCostaEncryption() {
        return KeyMaterial.readCertificate(pair.pki().resolve("contra-costa/gateway-encryption.crt"));
    }

    private static X509Certificate alamedaEncryption() {
        return KeyMaterial.readCertificate(pair.pki().resolve("alameda/gateway-encryption.crt"));
    }

    private static byte[] seal(byte[] message) {
        return seal(message, signer("alameda/agencies/" + SENDER));
    }

    /** Seals as the gateway does, for contra-costa. */
    private static byte[] seal(byte[] message, SigningIdentity identity) {
        return new EnvelopeSealer().seal(message, identity, List.of(contraCostaEncryption()));
    }

    /**
     * Signs as the juvenile hall with Bouncy Castle's default signed attributes (content type,
     * message digest, CMS algorithm protection) and the given signing time, but without
     * signing-certificate-v2, which the receiver checks only when present.
     */
    private static byte[] sign(byte[] content, String signatureAlgorithm, Instant signingTime) {
        SigningIdentity signer = signer("alameda/agencies/" + SENDER);
        AttributeTable attributes = new AttributeTable(new Attribute(CMSAttributes.signingTime,
                new DERSet(new Time(Date.from(signingTime)))));
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(signer.key()),
                            signer.certificate()));
            generator.addCertificates(new JcaCertStore(signer.chain()));
            return generator.generate(new CMSProcessableByteArray(content), true).toASN1Structure()
                    .getEncoded(ASN1Encoding.DER);
        } catch (CMSException | OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("signing the test message with " + signatureAlgorithm + " failed", e);
        }
    }

    /**
     * Encrypts any bytes as the id-data content of an AES-256-GCM AuthEnvelopedData, with ECDH
     * and the SHA-256 KDF as the gateway uses them, so the tag verifies whatever the bytes are.
     */
    private static byte[] encrypt(byte[] plaintext, X509Certificate recipient) {
        try {
            CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(keyAgreement(recipient));
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(BC).build();
            return generator.generate(new CMSProcessableByteArray(plaintext), encryptor).getEncoded();
        } catch (CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("encrypting the test envelope failed", e);
        }
    }

    /** Encrypts the bytes as a CMS EnvelopedData with a CBC content cipher such as 3DES. */
    private static byte[] encryptCbc(byte[] plaintext, X509Certificate recipient, ASN1ObjectIdentifier cipher) {
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(keyAgreement(recipient));
            return generator.generate(new CMSProcessableByteArray(plaintext),
                    new JceCMSContentEncryptorBuilder(cipher).setProvider(BC).build()).getEncoded();
        } catch (CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("encrypting the test envelope with " + cipher + " failed", e);
        }
    }

    private static JceKeyAgreeRecipientInfoGenerator keyAgreement(X509Certificate recipient) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(((ECPublicKey) recipient.getPublicKey()).getParams());
        KeyPair ephemeral = generator.generateKeyPair();
        return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP).addRecipient(recipient).setProvider(BC);
    }

    private static AuthEnvelopedData authEnvelopedData(byte[] envelope) {
        return AuthEnvelopedData.getInstance(ContentInfo.getInstance(envelope).getContent());
    }

    /** Returns where the encrypted content octets start inside the DER envelope. */
    private static int ciphertextOffset(byte[] envelope) {
        return indexOf(envelope, authEnvelopedData(envelope).getAuthEncryptedContentInfo().getEncryptedContent().getOctets());
    }

    /** Fails unless the GCM tag, the mac field of AuthEnvelopedData (RFC 5083), ends the envelope. */
    private static void requireMacAtEnd(byte[] envelope) {
        byte[] mac = authEnvelopedData(envelope).getMac().getOctets();
        assertThat(Arrays.copyOfRange(envelope, envelope.length - mac.length, envelope.length)).as("GCM tag at the end")
                .isEqualTo(mac);
    }

    /** Replaces the length of the outer ContentInfo SEQUENCE with 2^31 - 1, far beyond the body. */
    private static byte[] withAbsurdOuterLength(byte[] envelope) {
        int lengthOctets = (envelope[1] & 0x80) == 0 ? 0 : envelope[1] & 0x7f;
        byte[] rest = Arrays.copyOfRange(envelope, 2 + lengthOctets, envelope.length);
        return concat(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, rest);
    }

    /** Returns an AuthEnvelopedData ContentInfo in indefinite-length form, cut off inside its open recipient infos SET. */
    private static byte[] openAuthEnvelopedData() {
        return concat(new byte[] {0x30, (byte) 0x80}, encoded(CMSObjectIdentifiers.authEnvelopedData),
                new byte[] {(byte) 0xa0, (byte) 0x80, 0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x31, (byte) 0x80});
    }

    /** Returns a SignedData ContentInfo in indefinite-length form, cut off inside its open digest algorithms SET. */
    private static byte[] openSignedData() {
        return concat(new byte[] {0x30, (byte) 0x80}, encoded(CMSObjectIdentifiers.signedData),
                new byte[] {(byte) 0xa0, (byte) 0x80, 0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x31, (byte) 0x80});
    }



    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
