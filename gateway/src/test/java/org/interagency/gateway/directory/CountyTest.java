package org.interagency.gateway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.pki.DevPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountyTest {

    @TempDir
    static Path pki;

    private static X509Certificate current;
    private static X509Certificate expired;
    private static X509Certificate notYetValid;

    @BeforeAll
    static void certificates() throws Exception {
        DevPki.create(pki, Map.of("alameda", List.of("alameda.probation")), false);
        current = KeyMaterial.readCertificate(pki.resolve("alameda/gateway-encryption.crt"));
        expired = KeyMaterial.readCertificate(pki.resolve("test/expired-agency.crt"));
        notYetValid = KeyMaterial.readCertificate(pki.resolve("test/not-yet-valid-agency.crt"));
    }

    @Test
    void rotationKeepsEveryValidCertificate() {
        X509Certificate next = KeyMaterial.readCertificate(pki.resolve("alameda/gateway-signing.crt"));
        County county = county(List.of(current, expired, next));

        assertThat(county.validEncryptionCertificates(Instant.now())).containsExactly(current, next);
    }

    @Test
    void noValidCertificateIsRejected() {
        County county = county(List.of(expired, notYetValid));

        assertThatThrownBy(() -> county.validEncryptionCertificates(Instant.now()))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining("county alameda has no encryption certificate valid");
    }

    private static County county(List<X509Certificate> certificates) {
        return new County("alameda", "Alameda County (demo)", URI.create("https://127.0.0.1:8443"), certificates, List.of());
    }
}
