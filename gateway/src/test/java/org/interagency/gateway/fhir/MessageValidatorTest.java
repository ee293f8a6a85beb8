package org.interagency.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.interagency.gateway.error.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ca.uhn.fhir.context.FhirContext;

class MessageValidatorTest {

    private static final String EXAMPLES = "examples/detention-notice/";
    private static final String MESSAGE_ID = "0b6a1f52-7c3e-4d8a-9f10-2e4b6c8d0a13";

    private static MessageValidator validator;

    @BeforeAll
    static void createValidator() {
        long started = System.nanoTime();
        validator = new MessageValidator();
        validator.warmUp();
        System.out.printf("MessageValidator construction and warm-up: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void profileMapComesFromMessageDefinitions() {
        assertThat(validator.profilesByExchangeType()).containsExactly(Map.entry(
                "detention-notice", "http://interagency.example.org/fhir/StructureDefinition/detention-notice-bundle"));
    }

    @ParameterizedTest
    @CsvSource({"valid.json, JSON", "valid.xml, XML"})
    void validExampleYieldsHeaderFields(String file, MediaFormat format) {
        ParsedMessage message = validator.validate(example(file), format);

        assertThat(message.messageId()).isEqualTo(MESSAGE_ID);
        assertThat(message.exchangeType()).isEqualTo("detention-notice");
        assertThat(message.senderAgency()).isEqualTo("alameda.juvenile-hall");
        assertThat(message.destinationEndpoints()).containsExactly(
                "urn:point-person:contra-costa:probation",
                "urn:point-person:contra-costa:child-welfare");
        assertThat(message.bundle().getEntry()).hasSize(5);
    }

    @Test
    void warmValidationIsFast() {
        String body = example("valid.json");
        int runs = 20;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            validator.validate(body, MediaFormat.JSON);
        }
        long averageMillis = (System.nanoTime() - started) / runs / 1_000_000;
        System.out.printf("Warm validation of valid.json: %d ms on average over %d runs%n", averageMillis, runs);

        // A loose bound that still catches a validator that reloads definitions per call.
        assertThat(averageMillis).isLessThan(1_000);
    }

    @ParameterizedTest
    @CsvSource({
        "invalid-bad-json.json, UNREADABLE_BODY",
        "invalid-not-a-bundle.json, NOT_A_BUNDLE",
        "invalid-not-message.json, NOT_A_MESSAGE",
        "invalid-unknown-exchange-type.json, UNKNOWN_EXCHANGE_TYPE",
        "invalid-profile-missing-sender.json, PROFILE_VIOLATION",
        "invalid-profile-no-focus.json, PROFILE_VIOLATION",
    })
    void invalidExampleFailsWithCode(String file, ErrorCode expected) {
        MessageValidationException failure = validationFailure(example(file), MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(expected);
        assertThat(errorIssues(failure.outcome())).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "invalid-unknown-recipient.json, urn:agency:contra-costa.no-such-agency",
        "invalid-no-mou-clause.json, urn:point-person:contra-costa:law-enforcement",
    })
    void policyExamplesPassProfileValidation(String file, String destination) {
        ParsedMessage message = validator.validate(example(file), MediaFormat.JSON);

        assertThat(message.destinationEndpoints()).containsExactly(destination);
    }

    @Test
    void missingSenderOutcomeNamesElement() {
        MessageValidationException failure =
                validationFailure(example("invalid-profile-missing-sender.json"), MediaFormat.JSON);

        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> {
                    assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
                    assertThat(issue.getDiagnostics()).contains("MessageHeader.sender");
                    assertThat(issue.getExpression()).isNotEmpty();
                });
    }

    @Test
    void missingFocusOutcomeNamesElement() {
        MessageValidationException failure =
                validationFailure(example("invalid-profile-no-focus.json"), MediaFormat.JSON);

        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("MessageHeader.focus"));
    }

    @Test
    void profileViolationMessageHasNoPersonalData() {
        MessageValidationException failure =
                validationFailure(example("invalid-profile-missing-sender.json"), MediaFormat.JSON);

        assertThat(failure.getMessage()).contains(MESSAGE_ID);
        assertThat(failure.getMessage()).doesNotContain("Robin", "Testperson", "2010-05-17");
    }

    @Test
    void badCodeIsProfileViolationNotParseError() {
        String body = example("valid.json").replace("\"gender\": \"unknown\"", "\"gender\": \"not-a-gender\"");

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.PROFILE_VIOLATION);
        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> assertThat(issue.getExpression().toString()).contains("gender"));
    }

    @Test
    void exchangeTypeWithoutProfileIsUnknown() {
        String body = example("valid.json").replace("\"code\": \"detention-notice\"", "\"code\": \"release-safety-plan\"");

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.UNKNOWN_EXCHANGE_TYPE);
        assertThat(failure.getMessage()).contains("release-safety-plan");
    }

    @Test
    void firstEntryNotHeaderIsNotMessage() {
        Bundle bundle = parse(example("valid.json"));
        bundle.getEntry().add(bundle.getEntry().remove(0));
        String body = encode(bundle);

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.NOT_A_MESSAGE);
    }

    @Test
    void jsonSentAsXmlIsUnreadable() {
        MessageValidationException failure = validationFailure(example("valid.json"), MediaFormat.XML);

        assertThat(failure.code()).isEqualTo(ErrorCode.UNREADABLE_BODY);
    }

    @Test
    void unknownDestinationFormIsProfileViolation() {
        String body = example("valid.json").replace("urn:point-person:contra-costa:probation", "mailto:probation@example.org");

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.PROFILE_VIOLATION);
        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("iag-mh-3"));
    }

    @Test
    void sourceNotMatchingSenderIsProfileViolation() {
        String body = example("valid.json").replace("urn:agency:alameda.juvenile-hall", "urn:agency:alameda.probation");

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.PROFILE_VIOLATION);
        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("iag-mh-2"));
    }

    @Test
    void extraResourceTypeIsProfileViolation() {
        Bundle bundle = parse(example("valid.json"));
        Observation observation = new Observation();
        observation.setId("11111111-2222-4333-8444-555555555555");
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("a resource type the detention notice does not define");
        bundle.addEntry().setFullUrl("urn:uuid:11111111-2222-4333-8444-555555555555").setResource(observation);

        MessageValidationException failure = validationFailure(encode(bundle), MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.PROFILE_VIOLATION);
    }

    @Test
    void headerIdNotMatchingFullUrlIsProfileViolation() {
        String body = example("valid.json").replace(
                "\"id\": \"" + MESSAGE_ID + "\"", "\"id\": \"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"");

        MessageValidationException failure = validationFailure(body, MediaFormat.JSON);

        assertThat(failure.code()).isEqualTo(ErrorCode.PROFILE_VIOLATION);
        assertThat(failure.outcome().getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("iag-bdl-2"));
    }

    private static Bundle parse(String json) {
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    }

    private static String encode(Bundle bundle) {
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);
    }

    private static MessageValidationException validationFailure(String body, MediaFormat format) {
        MessageValidationException failure = catchThrowableOfType(MessageValidationException.class,
                () -> validator.validate(body, format));
        assertThat(failure).as("validation failure").isNotNull();
        return failure;
    }

    private static List<OperationOutcomeIssueComponent> errorIssues(OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .filter(issue -> issue.getSeverity() == IssueSeverity.ERROR || issue.getSeverity() == IssueSeverity.FATAL)
                .toList();
    }

    private static String example(String file) {
        try (InputStream in = MessageValidatorTest.class.getClassLoader().getResourceAsStream(EXAMPLES + file)) {
            assertThat(in).as("classpath resource " + EXAMPLES + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Failed to read " + EXAMPLES + file, e);
        }
    }
}
