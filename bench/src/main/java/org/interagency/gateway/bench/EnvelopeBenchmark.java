package org.interagency.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.interagency.gateway.envelope.DecryptionKey;
import org.interagency.gateway.envelope.EnvelopeOpener;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.OpenedEnvelope;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.pki.DevPki;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time to seal and to open one envelope through the public API of the envelope package, with
 * the keys of a development PKI written to a temporary folder: EC P-256 or RSA-3072. Sealing
 * signs with the agency key and encrypts to one gateway certificate; opening decrypts,
 * verifies the signature and validates the signer's path to the root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBenchmark {

    private static final String SENDER_COUNTY = "alameda";
    private static final String SENDER = "alameda.juvenile-hall";
    private static final String RECIPIENT_COUNTY = "contra-costa";

    /** Size of the sealed content in bytes: 4 KB and 1 MiB. */
    @Param({"4096", "1048576"})
    int contentBytes;

    /**
     * Key type of the agency signing and gateway encryption certificates. EC uses the regular
     * P-256 certificates (ECDSA, ECDH); RSA uses the RSA-3072 certificates that the development
     * PKI writes under {@code test/} (RSASSA-PSS, RSAES-OAEP).
     */
    @Param({"EC", "RSA"})
    String keyType;

    private Path pkiFolder;
    private byte[] content;
    private SigningIdentity signer;
    private List<X509Certificate> recipients;
    private List<DecryptionKey> decryptionKeys;
    private List<X509Certificate> trustAnchors;
    private byte[] envelope;
    private final EnvelopeSealer sealer = new EnvelopeSealer();
    private final EnvelopeOpener opener = new EnvelopeOpener();

    @Setup(Level.Trial)
    public void createKeysAndEnvelope() throws IOException, GeneralSecurityException {
        pkiFolder = Files.createTempDirectory("bench-pki");
        DevPki.create(pkiFolder, Map.of(SENDER_COUNTY, List.of(SENDER), RECIPIENT_COUNTY, List.of()), false);
        char[] password = DevPki.PASSWORD.toCharArray();
        String signerFile;
        String encryptionFile;
        switch (keyType) {
            case "EC" -> {
                signerFile = SENDER_COUNTY + "/agencies/" + SENDER;
                encryptionFile = RECIPIENT_COUNTY + "/gateway-encryption";
            }
            case "RSA" -> {
                // The RSA test certificates belong to whichever county DevPki writes first, but the
                // opener checks only the signature, the path to the root and an agency URI, not the county.
                signerFile = "test/rsa-agency-signing";
                encryptionFile = "test/rsa-gateway-encryption";
            }
            default -> throw new IllegalArgumentException("keyType must be EC or RSA, not " + keyType);
        }
        signer = KeyMaterial.loadSigningIdentity(pkiFolder.resolve(signerFile + ".p12"), password);
        recipients = List.of(KeyMaterial.readCertificate(pkiFolder.resolve(encryptionFile + ".crt")));
        decryptionKeys = List.of(KeyMaterial.loadDecryptionKey(pkiFolder.resolve(encryptionFile + ".p12"), password));
        trustAnchors = KeyMaterial.readCertificates(pkiFolder.resolve("root-ca.crt"));

        // Printable filler replaces Bundle JSON, because the content bytes do not change the CMS work.
        content = new byte[contentBytes];
        Random random = new Random(42);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + random.nextInt(26));
        }
        envelope = sealer.seal(content, signer, recipients);
    }

    @TearDown(Level.Trial)
    public void deleteKeys() throws IOException {
        try (Stream<Path> paths = Files.walk(pkiFolder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public byte[] seal() {
        return sealer.seal(content, signer, recipients);
    }

    @Benchmark
    public OpenedEnvelope open() {
        return opener.open(envelope, decryptionKeys, trustAnchors, Instant.now());
    }
}
