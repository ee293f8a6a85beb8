package org.interagency.gateway.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.interagency.gateway.fhir.MediaFormat;
import org.interagency.gateway.fhir.MessageValidationException;
import org.interagency.gateway.fhir.MessageValidator;
import org.interagency.gateway.fhir.ParsedMessage;
import org.slf4j.LoggerFactory;

/** Reads and writes the files named by command options, failing with a one-line reason. */
final class CommandFiles {

    private CommandFiles() {
    }

    /** Reads the whole file of {@code option}; the message names the option, the file and the fix. */
    static byte[] read(String option, Path file, String expected) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file.toAbsolutePath() + " does not exist or is not a file; name "
                    + expected);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file.toAbsolutePath() + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Writes the file, replacing an existing one; the message names the option, the file and the fix. */
    static void write(String option, Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            // No cause: the command would print the cause's message, which for a missing folder is the bare path.
            throw new IllegalArgumentException(option + " " + file.toAbsolutePath() + " could not be written (" + e
                    + "); name a file in an existing, writable folder");
        }
    }

    /**
     * Validates a message Bundle against the profile of its exchange type. A failure names the
     * first error issue and where it is, because a command has no OperationOutcome to show.
     * The issue text may quote the Bundle, which is the operator's own file. The cause is left
     * out because {@link GatewayCommand#reason} would print its message instead.
     */
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern ELEMENT_NAME = Pattern.compile(
            "[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*|[A-Z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+");

    static ParsedMessage validate(String source, byte[] bundle) {
        // HAPI's bundled definitions contain elements of later FHIR versions, and parsing them
        // logs a warning per element; the gateway's application.yml silences the same logger.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ca.uhn.fhir.parser.LenientErrorHandler"))
                .setLevel(Level.ERROR);
        try {
            return new MessageValidator().validate(new String(bundle, StandardCharsets.UTF_8), MediaFormat.detect(bundle));
        } catch (MessageValidationException e) {
            String first = e.outcome().getIssue().stream()
                    .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                            || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                    .findFirst()
                    .map(issue -> " First error" + (issue.hasExpression() ? " at " + issue.getExpression().get(0) : "")
                            + ": " + withoutValues(issue.getDiagnostics().replace(e.getMessage(), "").strip()))
                    .orElse("");
            throw new IllegalArgumentException(source + ": " + e.getMessage().replaceAll(" The OperationOutcome [^.]*\\.", "")
                    + first.replace('\n', ' '));
        }
    }

    /**
     * Replaces the quoted values in a validator message, such as a birth date or a name in a
     * wrong element, because a terminal's output ends up in tickets. Quoted element names such
     * as 'resourceType' or 'Patient.birthDate' stay, and the location names the element to fix.
     */
    static String withoutValues(String diagnostics) {
        return QUOTED.matcher(diagnostics).replaceAll(match -> ELEMENT_NAME.matcher(match.group(1)).matches()
                ? Matcher.quoteReplacement(match.group()) : "'(value withheld)'");
    }
}
