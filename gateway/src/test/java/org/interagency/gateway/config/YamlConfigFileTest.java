package org.interagency.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import tools.jackson.databind.JsonNode;

class YamlConfigFileTest {

    private static final String DIRECTORY_SCHEMA = "json-schema/directory.schema.json";

    @TempDir
    Path dir;

    @Test
    void lineOfFindsNestedValue() throws IOException {
        Node root = compose("lines.yml");

        assertThat(YamlConfigFile.lineOf(root, "/network")).isEqualTo(2);
        assertThat(YamlConfigFile.lineOf(root, "/counties/0/id")).isEqualTo(4);
        assertThat(YamlConfigFile.lineOf(root, "/counties/0/agencies/0/kind")).isEqualTo(7);
    }

    @Test
    void lineOfStopsAtLastExistingNode() throws IOException {
        Node root = compose("lines.yml");

        assertThat(YamlConfigFile.lineOf(root, "/counties/0/agencies/0/phone")).isEqualTo(6);
        assertThat(YamlConfigFile.lineOf(root, "/counties/5")).isEqualTo(4);
    }

    @Test
    void lineOfEmptyPointerIsFirstNode() throws IOException {
        Node root = compose("lines.yml");

        assertThat(YamlConfigFile.lineOf(root, "")).isEqualTo(2);
        assertThat(YamlConfigFile.lineOf(root, "$")).isEqualTo(2);
    }

    @Test
    void readAppliesPlaceholdersBeforeValidation() throws IOException {
        Path file = write("""
                network: ${NETWORK:fallback}
                counties: []
                trustAnchors: [root.crt]
                """);
        UnaryOperator<String> placeholders = text -> text.replace("${NETWORK:fallback}", "resolved-network");

        assertThatThrownBy(() -> YamlConfigFile.read(file, DIRECTORY_SCHEMA, placeholders))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":2: /counties");

        JsonNode tree = YamlConfigFile.read(writeValid(), DIRECTORY_SCHEMA, placeholders);
        assertThat(tree.get("network").asString()).isEqualTo("resolved-network");
    }

    @Test
    void readRejectsEmptyFile() throws IOException {
        Path file = write("# only a comment\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file, DIRECTORY_SCHEMA, UnaryOperator.identity()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ": the file is empty");
    }

    @Test
    void readRejectsInvalidYaml() throws IOException {
        Path file = write("network: [unclosed\n");

        assertThatThrownBy(() -> YamlConfigFile.read(file, DIRECTORY_SCHEMA, UnaryOperator.identity()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ": not valid YAML");
    }

    @Test
    void readRejectsMissingFile() {
        Path file = dir.resolve("absent.yml");

        assertThatThrownBy(() -> YamlConfigFile.read(file, DIRECTORY_SCHEMA, UnaryOperator.identity()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ": cannot be read");
    }

    @Test
    void unknownFieldReportsItsOwnLine() throws IOException {
        Path file = write("""
                network: test-network
                counties:
                  - id: alameda
                    name: Alameda
                    fax: 555-0100
                    gateway:
                      endpoint: https://127.0.0.1:8443
                      encryptionCertificates: [enc.crt]
                    agencies: []
                trustAnchors: [root.crt]
                """);

        assertThatThrownBy(() -> YamlConfigFile.read(file, DIRECTORY_SCHEMA, UnaryOperator.identity()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":5: /counties/0")
                .hasMessageContaining("fax");
    }

    private Path writeValid() throws IOException {
        return write("""
                network: ${NETWORK:fallback}
                counties:
                  - id: alameda
                    name: Alameda
                    gateway:
                      endpoint: https://127.0.0.1:8443
                      encryptionCertificates: [enc.crt]
                    agencies: []
                trustAnchors: [root.crt]
                """);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "config", ".yml"), text, StandardCharsets.UTF_8);
    }

    private static Node compose(String resource) throws IOException {
        try (InputStream in = YamlConfigFileTest.class.getResourceAsStream("/config/" + resource)) {
            assertThat(in).as("test resource config/%s", resource).isNotNull();
            return new Yaml().compose(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }
}
