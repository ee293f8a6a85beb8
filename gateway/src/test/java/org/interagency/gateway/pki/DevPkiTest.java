package org.interagency.gateway.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    // Indexes of X509Certificate.getKeyUsage() (RFC 5280, section 4.2.1.3).
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final int KEY_AGREEMENT = 4;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private static final Map<String, List<String>> AGENCIES = new LinkedHashMap<>();

    static {
        AGENCIES.put("alameda", List.of("alameda.probation", "alameda.health"));
        AGENCIES.put("contra-costa", List.of("contra-costa.probation"));
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void createPki() throws Exception {
        DevPki.create(dir, AGENCIES, false);
    }

    @Test
    void createWritesEveryListedFile() {
        List<String> expected = new ArrayList<>(List.of("root-ca.crt", "root-ca.p12", "truststore.p12"));
        AGENCIES.forEach((county, agencies) -> {
            for (String name : List.of("county-ca", "gateway-tls", "gateway-encryption", "gateway-signing")) {
                expected.add(county + "/" + name + ".crt");
                expected.add(county + "/" + name + ".p12");
            }
            for (String agency : agencies) {
                expected.add(county + "/agencies/" + agency + ".crt");
                expected.add(county + "/agencies/" + agency + ".p12");
                expected.add(county + "/clients/" + agency + ".crt");
                expected.add(county + "/clients/" + agency + ".p12");
                expected.add(county + "/clients/" + agency + ".key");
            }
        });

        for (String file : expected) {
            assertThat(dir.resolve(file)).as(file).isRegularFile().isNotEmptyFile();
        }
    }

    @Test
    void everyLeafChainValidatesToRoot() throws Exception {
        X509Certificate root = KeyMaterial.readCertificate(dir.resolve("root-ca.crt"));
        List<String> leaves = List.of("alameda/gateway-tls", "alameda/gateway-encryption", "alameda/gateway-signing",
                "alameda/agencies/alameda.probation", "alameda/clients/alameda.probation",
                "contra-costa/agencies/contra-costa.probation");

        for (String leaf : leaves) {
            SigningIdentity identity = KeyMaterial.loadSigningIdentity(dir.resolve(leaf + ".p12"), password());
            assertThat(identity.chain()).as(leaf).hasSize(3);
            assertThat(identity.chain().get(2)).as(leaf).isEqualTo(root);
            validate(identity.chain().subList(0, 2), root);
        }
    }

    @Test
    void caCertificatesHaveCaProfile() {
        X509Certificate root = KeyMaterial.readCertificate(dir.resolve("root-ca.crt"));
        X509Certificate countyCa = KeyMaterial.readCertificate(dir.resolve("alameda/county-ca.crt"));

        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(countyCa.getBasicConstraints()).isEqualTo(0);
        for (X509Certificate ca : List.of(root, countyCa)) {
            assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
            assertThat(ca.getKeyUsage()[CRL_SIGN]).isTrue();
            assertThat(ca.getKeyUsage()[DIGITAL_SIGNATURE]).isFalse();
            assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        }
        assertThat(Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()).toDays()).isEqualTo(3650);
        assertThat(countyCa.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    }

    @Test
    void gatewayCertificatesHaveProfile() throws Exception {
        X509Certificate tls = KeyMaterial.readCertificate(dir.resolve("alameda/gateway-tls.crt"));
        assertThat(tls.getBasicConstraints()).isEqualTo(-1);
        assertThat(tls.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(tls.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(tls.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(6, "urn:gateway:alameda"));

        X509Certificate encryption = KeyMaterial.readCertificate(dir.resolve("alameda/gateway-encryption.crt"));
        assertThat(encryption.getKeyUsage()).containsExactly(false, false, false, false, true, false, false, false, false);
        assertThat(encryption.getExtendedKeyUsage()).isNull();
        assertThat(CertificateUris.uris(encryption)).containsExactly("urn:gateway:alameda");

        X509Certificate signing = KeyMaterial.readCertificate(dir.resolve("alameda/gateway-signing.crt"));
        assertThat(signing.getKeyUsage()).containsExactly(true, true, false, false, false, false, false, false, false);
        assertThat(CertificateUris.gatewayId(signing)).contains("alameda");
        assertThat(signing.getSubjectX500Principal().getName()).contains("DEVELOPMENT ONLY").contains("O=Alameda County (demo)");
    }

    @Test
    void agencyCertificatesHaveProfile() throws Exception {
        X509Certificate signing = KeyMaterial.readCertificate(dir.resolve("alameda/agencies/alameda.probation.crt"));
        assertThat(signing.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(signing.getKeyUsage()[NON_REPUDIATION]).isTrue();
        assertThat(signing.getKeyUsage()[KEY_AGREEMENT]).isFalse();
        assertThat(signing.getExtendedKeyUsage()).isNull();
        assertThat(CertificateUris.agencyId(signing)).contains("alameda.probation");
        assertThat(signing.getSubjectX500Principal().getName())
                .isEqualTo("CN=alameda.probation signing (DEVELOPMENT ONLY),O=Alameda County (demo)");

        List<X509Certificate> client = KeyMaterial.readCertificates(dir.resolve("alameda/clients/alameda.probation.crt"));
        assertThat(client).hasSize(2);
        assertThat(client.get(1)).isEqualTo(KeyMaterial.readCertificate(dir.resolve("alameda/county-ca.crt")));
        assertThat(client.get(0).getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(CertificateUris.agencyId(client.get(0))).contains("alameda.probation");
        assertThat(Duration.between(client.get(0).getNotBefore().toInstant(), client.get(0).getNotAfter().toInstant())
                .toDays()).isEqualTo(730);
        assertThat(client.get(0).getNotBefore().toInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(59)));
    }

    @Test
    void clientKeyIsUnencryptedPkcs8Pem() throws Exception {
        String key = Files.readString(dir.resolve("alameda/clients/alameda.probation.key"));

        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void truststoreHoldsRootAsTrustedEntry() throws Exception {
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("truststore.p12"))) {
            truststore.load(in, password());
        }

        assertThat(truststore.isCertificateEntry("root-ca")).isTrue();
        assertThat(truststore.getCertificate("root-ca")).isEqualTo(KeyMaterial.readCertificate(dir.resolve("root-ca.crt")));
        assertThat(truststore.size()).isEqualTo(1);
    }

    @Test
    void privateKeyFilesAreOwnerOnly() throws Exception {
        for (String file : List.of("root-ca.p12", "alameda/gateway-encryption.p12", "alameda/clients/alameda.probation.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).as(file)
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void createRejectsNonEmptyDirectoryWithoutForce(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("keep.txt"), "existing");

        assertThatThrownBy(() -> DevPki.create(other, AGENCIES, false)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(other.resolve("root-ca.crt")).doesNotExist();

        DevPki.create(other, AGENCIES, true);
        assertThat(other.resolve("root-ca.crt")).isRegularFile();
        assertThat(other.resolve("keep.txt")).hasContent("existing");
    }

    @Test
    void createRejectsUnsafeIds(@TempDir Path other) {
        assertThatThrownBy(() -> DevPki.create(other, Map.of("../etc", List.of()), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevPki.create(other, Map.of("alameda", List.of("Alameda Probation")), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createWritesTestCertificates() {
        List<String> names = List.of("revoked-agency", "expired-agency", "not-yet-valid-agency", "untrusted-root-ca",
                "untrusted-agency", "legacy-peer-rsa2048", "rsa-agency-signing", "rsa-gateway-encryption");
        for (String name : names) {
            assertThat(dir.resolve("test/" + name + ".crt")).as(name).isRegularFile().isNotEmptyFile();
            assertThat(dir.resolve("test/" + name + ".p12")).as(name).isRegularFile().isNotEmptyFile();
        }
        for (String crl : List.of("root-ca.crl", "alameda-county-ca.crl", "contra-costa-county-ca.crl")) {
            assertThat(dir.resolve("test/crl/" + crl)).as(crl).content().startsWith("-----BEGIN X509 CRL-----");
        }
    }

    @Test
    void countyCrlListsOnlyRevokedCertificate() throws Exception {
        X509Certificate revoked = KeyMaterial.readCertificate(dir.resolve("test/revoked-agency.crt"));
        X509Certificate regular = KeyMaterial.readCertificate(dir.resolve("alameda/agencies/alameda.probation.crt"));
        X509Certificate countyCa = KeyMaterial.readCertificate(dir.resolve("alameda/county-ca.crt"));

        X509CRL crl = readCrl(dir.resolve("test/crl/alameda-county-ca.crl"));
        crl.verify(countyCa.getPublicKey());

        assertThat(crl.isRevoked(revoked)).isTrue();
        assertThat(crl.isRevoked(regular)).isFalse();
        assertThat(readCrl(dir.resolve("test/crl/contra-costa-county-ca.crl")).getRevokedCertificates()).isNull();
    }

    @Test
    void testCertificatesHaveIntendedValidityAndKeys() throws Exception {
        Instant now = Instant.now();
        X509Certificate expired = KeyMaterial.readCertificate(dir.resolve("test/expired-agency.crt"));
        X509Certificate notYetValid = KeyMaterial.readCertificate(dir.resolve("test/not-yet-valid-agency.crt"));

        assertThat(expired.getNotAfter().toInstant()).isBefore(now);
        assertThat(notYetValid.getNotBefore().toInstant()).isAfter(now);
        assertThat(CertificateUris.agencyId(expired)).contains("alameda.probation");
        assertThat(rsaBits("test/legacy-peer-rsa2048.crt")).isEqualTo(2048);
        assertThat(rsaBits("test/rsa-agency-signing.crt")).isEqualTo(3072);
        assertThat(rsaBits("test/rsa-gateway-encryption.crt")).isEqualTo(3072);
    }

    @Test
    void untrustedAgencyChainsToUntrustedRoot() throws Exception {
        X509Certificate untrustedRoot = KeyMaterial.readCertificate(dir.resolve("test/untrusted-root-ca.crt"));
        SigningIdentity identity = KeyMaterial.loadSigningIdentity(dir.resolve("test/untrusted-agency.p12"), password());

        validate(identity.chain().subList(0, 1), untrustedRoot);
        assertThat(untrustedRoot).isNotEqualTo(KeyMaterial.readCertificate(dir.resolve("root-ca.crt")));
    }

    private static int rsaBits(String file) {
        return ((RSAPublicKey) KeyMaterial.readCertificate(dir.resolve(file)).getPublicKey()).getModulus().bitLength();
    }

    private static X509CRL readCrl(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private static void validate(List<X509Certificate> path, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private static char[] password() {
        return DevPki.PASSWORD.toCharArray();
    }
}
