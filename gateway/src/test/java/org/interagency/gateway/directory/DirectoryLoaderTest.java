package org.interagency.gateway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.pki.DevPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLoaderTest {

    /** Replaces each {@code ${NAME:default}} with its default and ignores the environment. */
    private static final UnaryOperator<String> DEFAULTS = text -> text.replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1");

    @TempDir
    static Path dir;

    @BeforeAll
    static void createPki() throws Exception {
        DevPki.create(dir.resolve("certs"), Map.of(
                "alameda", List.of("alameda.juvenile-hall", "alameda.probation"),
                "contra-costa", List.of("contra-costa.probation", "contra-costa.sheriff")), false);
    }

    @Test
    void loadsCountiesAgenciesAndCertificates() {
        Path file = copy("two-counties.yml");

        Directory directory = DirectoryLoader.load(file, DEFAULTS);

        assertThat(directory.network()).isEqualTo("test-network");
        assertThat(directory.counties()).extracting(County::id).containsExactly("alameda", "contra-costa");
        assertThat(directory.agency("contra-costa.sheriff")).contains(
                new Agency("contra-costa.sheriff", "Contra Costa Sheriff (test)", "law-enforcement", "contra-costa", false));
        assertThat(directory.agency("alameda.probation").orElseThrow().pointPerson()).isTrue();
        assertThat(directory.county("alameda").orElseThrow().endpoint()).isEqualTo(URI.create("https://127.0.0.1:8443"));
        assertThat(directory.county("contra-costa").orElseThrow().encryptionCertificates()).hasSize(1);
        assertThat(directory.trustAnchors()).hasSize(1);
        assertThat(directory.trustAnchors().get(0).getSubjectX500Principal().getName()).contains("root CA");
    }

    @Test
    void loadResolvesPlaceholdersWithGivenOperator() {
        Path file = copy("two-counties.yml");
        UnaryOperator<String> ports = text -> text
                .replace("${ALAMEDA_PORT:8443}", "18443")
                .replace("${CONTRA_COSTA_PORT:9443}", "19443");

        Directory directory = DirectoryLoader.load(file, ports);

        assertThat(directory.county("alameda").orElseThrow().endpoint().getPort()).isEqualTo(18443);
        assertThat(directory.county("contra-costa").orElseThrow().endpoint().getPort()).isEqualTo(19443);
    }

    @Test
    void unknownFieldNamesFileLineAndField() {
        Path file = copy("unknown-field.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":19:")
                .hasMessageContaining("/counties/0/agencies/1")
                .hasMessageContaining("phone");
    }

    @Test
    void unknownKindIsRejected() {
        Path file = copy("unknown-kind.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":32:")
                .hasMessageContaining("/counties/1/agencies/1/kind");
    }

    @Test
    void agencyOfOtherCountyIsRejected() {
        Path file = copy("agency-of-other-county.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("agency alameda.sheriff is listed under county contra-costa");
    }

    @Test
    void duplicateAgencyIsRejected() {
        Path file = copy("duplicate-agency.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("agency contra-costa.probation is listed twice");
    }

    @Test
    void httpEndpointIsRejected() {
        Path file = copy("http-endpoint.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":22:")
                .hasMessageContaining("/counties/1/gateway/endpoint");
    }

    @Test
    void endpointWithoutHostIsRejected() {
        Path file = copy("endpoint-without-host.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("https:///exchange");
    }

    @Test
    void missingCertificateNamesFileAndCommand() {
        Path file = copy("missing-certificate.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("certs/contra-costa/missing-encryption.crt")
                .hasMessageContaining("bin/gateway certs init");
    }

    @Test
    void invalidFileCarriesConfigurationCode() {
        Path file = copy("duplicate-agency.yml");

        assertThatThrownBy(() -> DirectoryLoader.load(file, DEFAULTS))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION_INVALID));
    }

    @Test
    void agencyIdsByCountyReadsNoCertificate() {
        Path file = copy("missing-certificate.yml");

        Map<String, List<String>> ids = DirectoryLoader.agencyIdsByCounty(file, DEFAULTS);

        assertThat(ids).containsExactly(
                Map.entry("alameda", List.of("alameda.juvenile-hall", "alameda.probation")),
                Map.entry("contra-costa", List.of("contra-costa.probation", "contra-costa.sheriff")));
    }

    /** Copies a named test file into the folder that contains the PKI. */
    private static Path copy(String resource) {
        Path target = dir.resolve(resource);
        try (InputStream in = DirectoryLoaderTest.class.getResourceAsStream("/directory/" + resource)) {
            assertThat(in).as("test resource directory/%s", resource).isNotNull();
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
