package org.interagency.gateway.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the development PKI: a root CA, one CA per county, and for each county the
 * gateway's TLS, encryption and receipt-signing certificates plus a message signing and a
 * TLS client certificate per agency. Every key is EC P-256 and every certificate is signed
 * with SHA256withECDSA, except the RSA keys of the certificates for refusal and interop
 * tests that {@link TestCertificates} writes under {@code test/}. The keys are protected by a published password, so nothing made
 * here may be used outside development and tests.
 */
public final class DevPki {

    /** Password of every PKCS#12 file this class writes; it is public, so the keys are not secret. */
    public static final String PASSWORD = "dev-only-password";

    private static final Logger log = LoggerFactory.getLogger(DevPki.class);

    /** County and agency ids become directory and file names, so they are limited to safe characters. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    /** Certificates start one hour in the past so that a peer whose clock lags still accepts them. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration VALIDITY = Duration.ofDays(730);

    private final SecureRandom random = new SecureRandom();
    private final CertificateIssuer issuer = new CertificateIssuer(random);
    private final Instant notBefore = Instant.now().minus(BACKDATE);

    private DevPki() {
    }

    /**
     * Writes the development PKI into {@code outDir}, creating it if needed.
     *
     * @param agenciesByCounty agency ids (such as {@code alameda.probation}) by county id (such
     *     as {@code alameda}); ids are lower-case letters, digits, dots and hyphens
     * @param force overwrite the files of an earlier run in a non-empty {@code outDir}; other
     *     files there are left as they are
     * @throws FileAlreadyExistsException if {@code outDir} is not empty and {@code force} is false
     * @throws IllegalArgumentException if a county or agency id contains other characters
     */
    public static void create(Path outDir, Map<String, List<String>> agenciesByCounty, boolean force)
            throws IOException, GeneralSecurityException {
        checkIds(agenciesByCounty);
        prepareDirectory(outDir, force);

        new DevPki().write(outDir, agenciesByCounty);

        log.info("Wrote the development PKI for counties {} to {}", agenciesByCounty.keySet(), outDir);
    }

    private void write(Path outDir, Map<String, List<String>> agenciesByCounty) throws IOException, GeneralSecurityException {
        IssuedCertificate root = issuer.issue(newKeyPair(),
                "CN=Interagency Exchange Gateway root CA (DEVELOPMENT ONLY), O=Interagency Exchange Gateway (demo)",
                null, notBefore, notBefore.plus(ROOT_VALIDITY), CertificateProfile.ca(1));
        writeKeyEntry(outDir, "root-ca", root, List.of(root.certificate()));
        writeTrustStore(outDir.resolve("truststore.p12"), root.certificate());

        Map<String, IssuedCertificate> countyCas = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> county : agenciesByCounty.entrySet()) {
            countyCas.put(county.getKey(), writeCounty(outDir.resolve(county.getKey()), county.getKey(), county.getValue(), root));
        }

        new TestCertificates(issuer, notBefore).write(outDir.resolve("test"), root, countyCas, agenciesByCounty);
    }

    private IssuedCertificate writeCounty(Path countyDir, String county, List<String> agencies, IssuedCertificate root)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(countyDir.resolve("agencies"));
        Files.createDirectories(countyDir.resolve("clients"));
        String organization = ", O=" + countyDisplayName(county);
        String gatewayUri = CertificateUris.GATEWAY_PREFIX + county;

        IssuedCertificate countyCa = issueUnder(root, "CN=" + county + " county CA (DEVELOPMENT ONLY)" + organization,
                CertificateProfile.ca(0));
        writeKeyEntry(countyDir, "county-ca", countyCa, List.of(countyCa.certificate()));

        CertificateProfile tls = CertificateProfile.endEntity(KeyUsage.digitalSignature,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}),
                new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, gatewayUri)}));
        writeLeaf(countyDir, "gateway-tls", countyCa, "CN=" + county + " gateway TLS (DEVELOPMENT ONLY)" + organization, tls);

        CertificateProfile encryption = CertificateProfile.endEntity(KeyUsage.keyAgreement, null, uriName(gatewayUri));
        writeLeaf(countyDir, "gateway-encryption", countyCa,
                "CN=" + county + " gateway encryption (DEVELOPMENT ONLY)" + organization, encryption);

        CertificateProfile gatewaySigning = CertificateProfile.endEntity(
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null, uriName(gatewayUri));
        writeLeaf(countyDir, "gateway-signing", countyCa,
                "CN=" + county + " gateway receipt signing (DEVELOPMENT ONLY)" + organization, gatewaySigning);

        for (String agency : agencies) {
            writeAgency(countyDir, agency, countyCa, organization);
        }
        writeClient(countyDir, "compliance-officer", uriName(CertificateUris.COMPLIANCE_OFFICER_PREFIX + county), countyCa,
                organization);
        writeClient(countyDir, "gateway-admin", uriName(CertificateUris.GATEWAY_ADMIN_PREFIX + county), countyCa,
                organization);
        return countyCa;
    }

    private void writeAgency(Path countyDir, String agency, IssuedCertificate countyCa, String organization)
            throws IOException, GeneralSecurityException {
        GeneralNames agencyUri = uriName(CertificateUris.AGENCY_PREFIX + agency);

        CertificateProfile signing = CertificateProfile.endEntity(
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null, agencyUri);
        writeLeaf(countyDir.resolve("agencies"), agency, countyCa,
                "CN=" + agency + " signing (DEVELOPMENT ONLY)" + organization, signing);

        writeClient(countyDir, agency, agencyUri, countyCa, organization);
    }

    /** Writes {@code clients/<name>.p12}, {@code .crt} and {@code .key}: a TLS client certificate naming {@code uri}. */
    private void writeClient(Path countyDir, String name, GeneralNames uri, IssuedCertificate countyCa, String organization)
            throws IOException, GeneralSecurityException {
        CertificateProfile client = CertificateProfile.endEntity(KeyUsage.digitalSignature,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth), uri);
        IssuedCertificate clientCertificate = issueUnder(countyCa,
                "CN=" + name + " TLS client (DEVELOPMENT ONLY)" + organization, client);
        Path clients = countyDir.resolve("clients");
        // curl --cert sends the whole .crt file, so it carries the county CA for the server to build the path.
        writeKeyEntry(clients, name, clientCertificate, List.of(clientCertificate.certificate(), countyCa.certificate()));
        KeyMaterial.writePrivateKeyPem(clients.resolve(name + ".key"), clientCertificate.keyPair().getPrivate());
    }

    private void writeLeaf(Path dir, String name, IssuedCertificate issuingCa, String subject, CertificateProfile profile)
            throws IOException, GeneralSecurityException {
        IssuedCertificate leaf = issueUnder(issuingCa, subject, profile);
        writeKeyEntry(dir, name, leaf, List.of(leaf.certificate()));
    }

    private IssuedCertificate issueUnder(IssuedCertificate issuingCa, String subject, CertificateProfile profile)
            throws GeneralSecurityException {
        return issuer.issue(newKeyPair(), subject, issuingCa, notBefore, notBefore.plus(VALIDITY), profile);
    }

    /** Writes {@code <name>.crt} (PEM) and {@code <name>.p12} with one key entry holding the full chain. */
    static void writeKeyEntry(Path dir, String name, IssuedCertificate issued, List<X509Certificate> pemCertificates)
            throws IOException, GeneralSecurityException {
        KeyMaterial.writeCertificatesPem(dir.resolve(name + ".crt"), pemCertificates);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(name, issued.keyPair().getPrivate(), PASSWORD.toCharArray(),
                issued.chain().toArray(new Certificate[0]));
        KeyMaterial.writeOwnerOnly(dir.resolve(name + ".p12"), toBytes(store));
    }

    private static void writeTrustStore(Path file, X509Certificate root) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root-ca", root);
        Files.write(file, toBytes(store));
    }

    private static byte[] toBytes(KeyStore store) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, PASSWORD.toCharArray());
        return bytes.toByteArray();
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static GeneralNames uriName(String uri) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }

    /** Turns {@code contra-costa} into {@code Contra Costa County (demo)}. */
    private static String countyDisplayName(String county) {
        List<String> words = new ArrayList<>();
        for (String word : county.split("[-.]")) {
            words.add(word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1));
        }
        return String.join(" ", words) + " County (demo)";
    }

    private static void checkIds(Map<String, List<String>> agenciesByCounty) {
        agenciesByCounty.forEach((county, agencies) -> {
            Stream.concat(Stream.of(county), agencies.stream()).forEach(id -> {
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("Invalid county or agency id \"" + id
                            + "\"; use lower-case letters, digits, dots and hyphens, such as alameda.probation");
                }
            });
        });
    }

    private static void prepareDirectory(Path outDir, boolean force) throws IOException {
        if (Files.isDirectory(outDir) && !force) {
            try (Stream<Path> entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(outDir.toString(), null,
                            "the directory is not empty; remove it or pass force to overwrite the development PKI");
                }
            }
        }
        Files.createDirectories(outDir);
    }

    /** Returns a random positive serial number of 127 bits, below the 20-octet maximum of RFC 5280, section 4.1.2.2. */
    static BigInteger randomSerial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
