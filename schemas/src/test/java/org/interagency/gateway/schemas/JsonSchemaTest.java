package org.interagency.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** Validates the directory and MOU files of src/test/resources against the JSON Schemas. */
class JsonSchemaTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @ParameterizedTest
    @CsvSource({
        "json-schema/directory.schema.json, directory/valid.yml",
        "json-schema/mou.schema.json, mous/mou-two-county-csec-protocol.yml",
    })
    void validFilePasses(String schemaPath, String filePath) {
        List<Error> errors = validate(schemaPath, filePath);

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "json-schema/directory.schema.json, directory/unknown-field.yml, pointPersn",
        "json-schema/mou.schema.json, mous/unknown-field.yml, retentionYears",
    })
    void unknownFieldFailsNamingIt(String schemaPath, String filePath, String field) {
        List<Error> errors = validate(schemaPath, filePath);

        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(error -> assertThat(error.getMessage()).contains(field));
    }

    @Test
    void consentNotRequiredNeedsAuthority() {
        List<Error> errors = validate("json-schema/mou.schema.json", "mous/consent-without-authority.yml");

        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(error -> assertThat(error.getMessage()).contains("authority"));
    }

    private static List<Error> validate(String schemaPath, String filePath) {
        Schema schema = REGISTRY.getSchema(open(schemaPath));
        return schema.validate(read(filePath), InputFormat.YAML);
    }

    private static InputStream open(String path) {
        InputStream in = JsonSchemaTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(in).as("classpath resource " + path).isNotNull();
        return in;
    }

    private static String read(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Failed to read " + path, e);
        }
    }
}
