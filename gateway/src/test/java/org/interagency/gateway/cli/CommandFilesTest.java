package org.interagency.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.interagency.gateway.testing.Messages;
import org.junit.jupiter.api.Test;

class CommandFilesTest {

    @Test
    void quotedValuesAreWithheld() {
        String message = "Not a valid date format: '05/14/2011'";

        assertThat(CommandFiles.withoutValues(message)).isEqualTo("Not a valid date format: '(value withheld)'");
    }

    @Test
    void quotedElementNamesStay() {
        String message = "missing required element: 'resourceType' in 'Patient.birthDate', not in 'Robin'";

        assertThat(CommandFiles.withoutValues(message))
                .isEqualTo("missing required element: 'resourceType' in 'Patient.birthDate', not in '(value withheld)'");
    }

    @Test
    void badBirthDateIsNamedWithoutItsValue() {
        String message = Messages.withId("valid.json", Messages.newId())
                .replace("\"birthDate\": \"2010-05-17\"", "\"birthDate\": \"05/14/2011\"");

        assertThatThrownBy(() -> CommandFiles.validate("--message m.json", message.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--message m.json: ")
                .hasMessageNotContaining("05/14/2011");
    }

    @Test
    void unparsableBodyIsReportedOnce() {
        byte[] body = "{\"not\": \"fhir\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CommandFiles.validate("--message m.json", body))
                .hasMessageContaining("could not be parsed as FHIR JSON")
                .hasMessageNotContaining("OperationOutcome")
                .satisfies(e -> assertThat(e.getMessage().split("could not be parsed", -1)).hasSize(2));
    }
}
