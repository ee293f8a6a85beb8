package org.interagency.gateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;

/** Checks fhir/index.txt, the list of conformance resources the gateway loads. */
class FhirIndexTest {

    private static final Path FOLDER = Path.of("src/main/resources/fhir");

    @Test
    void indexListsEveryResourceFile() throws IOException {
        List<String> listed = readIndex();

        try (Stream<Path> files = Files.list(FOLDER)) {
            List<String> present = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
        }
    }

    @Test
    void everyListedFileIsFhirR4Json() throws IOException {
        FhirContext fhirContext = FhirContext.forR4Cached();

        for (String name : readIndex()) {
            String json = Files.readString(FOLDER.resolve(name));
            assertThat(fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(json))
                    .as(name)
                    .isNotNull();
        }
    }

    private static List<String> readIndex() throws IOException {
        return Files.readAllLines(FOLDER.resolve("index.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
