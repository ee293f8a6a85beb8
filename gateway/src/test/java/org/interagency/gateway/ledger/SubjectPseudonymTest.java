package org.interagency.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.testing.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectPseudonymTest {

    private static final String YOUTH = "urn:interagency:youth:alameda|ALA-Y-0001";
    private static final String OTHER = "urn:oid:2.16.840.1.113883.4.1|900-00-0001";

    private final SubjectPseudonym pseudonym = new SubjectPseudonym(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void sameIdentifiersInAnyOrderGiveSamePseudonym() {
        assertThat(pseudonym.of(List.of(YOUTH, OTHER))).isEqualTo(pseudonym.of(List.of(OTHER, YOUTH)));
    }

    @Test
    void systemCaseAndSpacesAreNormalised() {
        String spaced = " URN:Interagency:Youth:Alameda | ALA-Y-0001 ";

        assertThat(pseudonym.of(List.of(spaced))).isEqualTo(pseudonym.of(List.of(YOUTH)));
    }

    @Test
    void pseudonymIsHexOfHmacSha256() {
        assertThat(pseudonym.of(List.of(YOUTH))).matches("[0-9a-f]{64}");
    }

    @Test
    void otherKeyGivesOtherPseudonym() {
        byte[] key = new byte[32];
        key[0] = 1;

        assertThat(new SubjectPseudonym(key).of(List.of(YOUTH))).isNotEqualTo(pseudonym.of(List.of(YOUTH)));
    }

    @Test
    void valueCaseMatters() {
        assertThat(pseudonym.of(List.of(YOUTH.toLowerCase()))).isNotEqualTo(pseudonym.of(List.of(YOUTH)));
    }

    @Test
    void noIdentifierGivesNone() {
        assertThat(pseudonym.of(List.of())).isNull();
    }

    @Test
    void identifierWithoutSystemIsRejected() {
        assertThatThrownBy(() -> pseudonym.of(List.of("CC-CW-2026-00417")))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining("system|value");
    }

    @Test
    void exampleMessageSubjectIsTheFocusedYouth() {
        Bundle message = FhirContext.forR4Cached().newJsonParser()
                .parseResource(Bundle.class, Messages.withId("valid.json", Messages.newId()));

        assertThat(pseudonym.ofMessage(message)).isEqualTo(pseudonym.of(List.of(YOUTH)));
    }

    @Test
    void shortKeyIsRejected() {
        assertThatThrownBy(() -> new SubjectPseudonym(new byte[16]))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void missingKeyFileIsCreated() throws Exception {
        Path file = dir.resolve("keys/pseudonym.key");

        String first = SubjectPseudonym.fromKeyFile(file, true).of(List.of(YOUTH));
        String again = SubjectPseudonym.fromKeyFile(file, false).of(List.of(YOUTH));

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(file).trim()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void missingKeyFileFailsWhenCreationIsOff() {
        assertThatThrownBy(() -> SubjectPseudonym.fromKeyFile(dir.resolve("absent.key"), false))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("does not exist");
    }
}
