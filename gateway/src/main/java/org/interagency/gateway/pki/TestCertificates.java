package org.interagency.gateway.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.interagency.gateway.envelope.CertificateUris;

/**
 * Writes the certificates that refusal and interop tests need into {@code <out>/test/}: a
 * revoked, an expired, a not-yet-valid and an untrusted agency signing certificate, the CRLs
 * of the root and every county CA, an RSA-2048 legacy peer, RSA-3072 agency signing and
 * gateway encryption certificates, and a gateway TLS certificate issued by the wrong county's CA. All agency certificates name the first agency of the
 * first county, so that they differ from its regular certificate only in what a test checks.
 */
final class TestCertificates {

    private static final Duration VALIDITY = Duration.ofDays(730);
    private static final Duration CRL_VALIDITY = Duration.ofDays(30);

    private final CertificateIssuer issuer;
    private final Instant notBefore;
    private final SecureRandom random = new SecureRandom();

    TestCertificates(CertificateIssuer issuer, Instant notBefore) {
        this.issuer = issuer;
        this.notBefore = notBefore;
    }

    /**
     * Writes the test certificates.
     *
     * @param countyCas the CA of each county, in directory order; the first one issues the test certificates
     */
    void write(Path dir, IssuedCertificate root, Map<String, IssuedCertificate> countyCas,
            Map<String, List<String>> agenciesByCounty) throws IOException, GeneralSecurityException {
        if (countyCas.isEmpty()) {
            return;
        }
        Files.createDirectories(dir.resolve("crl"));
        String county = countyCas.keySet().iterator().next();
        IssuedCertificate countyCa = countyCas.get(county);
        List<String> agencies = agenciesByCounty.get(county);
        String agency = agencies.isEmpty() ? county + ".test" : agencies.get(0);
        String suffix = " (DEVELOPMENT ONLY), O=Interagency Exchange Gateway tests (demo)";
        CertificateProfile signing = signingProfile(agency);

        IssuedCertificate revoked = issuer.issue(ecKeyPair(), "CN=" + agency + " revoked test signing" + suffix,
                countyCa, notBefore, notBefore.plus(VALIDITY), signing);
        write(dir, "revoked-agency", revoked);
        writeCrls(dir.resolve("crl"), root, countyCas, county, revoked.certificate().getSerialNumber());

        Instant longAgo = notBefore.minus(VALIDITY);
        write(dir, "expired-agency", issuer.issue(ecKeyPair(), "CN=" + agency + " expired test signing" + suffix,
                countyCa, longAgo, longAgo.plus(Duration.ofDays(30)), signing));
        Instant later = notBefore.plus(Duration.ofDays(30));
        write(dir, "not-yet-valid-agency", issuer.issue(ecKeyPair(), "CN=" + agency + " not yet valid test signing" + suffix,
                countyCa, later, later.plus(VALIDITY), signing));

        IssuedCertificate untrustedRoot = issuer.issue(ecKeyPair(), "CN=Untrusted test root CA" + suffix,
                null, notBefore, notBefore.plus(VALIDITY), CertificateProfile.ca(1));
        write(dir, "untrusted-root-ca", untrustedRoot);
        write(dir, "untrusted-agency", issuer.issue(ecKeyPair(), "CN=" + agency + " untrusted test signing" + suffix,
                untrustedRoot, notBefore, notBefore.plus(VALIDITY), signing));

        writeRsa(dir, county, countyCa, agency, signing);
        writeCrossCountyGateway(dir, countyCas);
    }

    /**
     * Writes {@code cross-county-gateway-tls}: a TLS client certificate that the first county's
     * CA issued in the name of the second county's gateway, which a receiving gateway must refuse.
     */
    private void writeCrossCountyGateway(Path dir, Map<String, IssuedCertificate> countyCas)
            throws IOException, GeneralSecurityException {
        if (countyCas.size() < 2) {
            return;
        }
        List<String> counties = List.copyOf(countyCas.keySet());
        String claimed = counties.get(1);
        CertificateProfile tls = CertificateProfile.endEntity(KeyUsage.digitalSignature,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}),
                uriName(CertificateUris.GATEWAY_PREFIX + claimed));
        write(dir, "cross-county-gateway-tls", issuer.issue(ecKeyPair(),
                "CN=" + claimed + " gateway TLS issued by the " + counties.get(0) + " CA (DEVELOPMENT ONLY), "
                        + "O=Interagency Exchange Gateway tests (demo)",
                countyCas.get(counties.get(0)), notBefore, notBefore.plus(VALIDITY), tls));
    }

    private void writeRsa(Path dir, String county, IssuedCertificate countyCa, String agency, CertificateProfile signing)
            throws IOException, GeneralSecurityException {
        String suffix = " (DEVELOPMENT ONLY), O=Interagency Exchange Gateway tests (demo)";
        GeneralNames gatewayUri = uriName(CertificateUris.GATEWAY_PREFIX + county);
        CertificateProfile rsaEncryption = CertificateProfile.endEntity(KeyUsage.keyEncipherment, null, gatewayUri);

        write(dir, "legacy-peer-rsa2048", issuer.issue(rsaKeyPair(2048), "CN=" + county + " legacy peer RSA-2048 test" + suffix,
                countyCa, notBefore, notBefore.plus(VALIDITY), CertificateProfile.endEntity(
                        KeyUsage.keyEncipherment | KeyUsage.digitalSignature, null, gatewayUri)));
        write(dir, "rsa-agency-signing", issuer.issue(rsaKeyPair(3072), "CN=" + agency + " RSA test signing" + suffix,
                countyCa, notBefore, notBefore.plus(VALIDITY), signing));
        write(dir, "rsa-gateway-encryption", issuer.issue(rsaKeyPair(3072), "CN=" + county + " gateway RSA test encryption" + suffix,
                countyCa, notBefore, notBefore.plus(VALIDITY), rsaEncryption));
    }

    /** Writes {@code root-ca.crl} and {@code <county>-county-ca.crl}; only the first county's CRL lists the revoked serial. */
    private void writeCrls(Path dir, IssuedCertificate root, Map<String, IssuedCertificate> countyCas, String revokingCounty,
            BigInteger revokedSerial) throws IOException, GeneralSecurityException {
        Instant nextUpdate = notBefore.plus(CRL_VALIDITY);
        writePem(dir.resolve("root-ca.crl"), issuer.issueCrl(root, List.of(), notBefore, nextUpdate));
        for (Map.Entry<String, IssuedCertificate> county : countyCas.entrySet()) {
            List<BigInteger> revoked = county.getKey().equals(revokingCounty) ? List.of(revokedSerial) : List.of();
            writePem(dir.resolve(county.getKey() + "-county-ca.crl"),
                    issuer.issueCrl(county.getValue(), revoked, notBefore, nextUpdate));
        }
    }

    private static void write(Path dir, String name, IssuedCertificate issued) throws IOException, GeneralSecurityException {
        DevPki.writeKeyEntry(dir, name, issued, issued.chain());
    }

    private static void writePem(Path file, X509CRL crl) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(crl);
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    private static CertificateProfile signingProfile(String agency) {
        return CertificateProfile.endEntity(KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null,
                uriName(CertificateUris.AGENCY_PREFIX + agency));
    }

    private KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private KeyPair rsaKeyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, random);
        return generator.generateKeyPair();
    }

    private static GeneralNames uriName(String uri) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
}
