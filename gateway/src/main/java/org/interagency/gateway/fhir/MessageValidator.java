package org.interagency.gateway.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.MessageHeader.MessageDestinationComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * Validates incoming FHIR messages against the Bundle profile of their exchange type.
 *
 * <p>The profiles, code systems and MessageDefinitions come from the schemas jar (see
 * {@code fhir/index.txt} there). Each MessageDefinition names its Bundle profile in the
 * extension {@value ConformanceResources#BUNDLE_PROFILE_EXTENSION}, so adding an exchange
 * type needs no change here.
 *
 * <p>Construction takes about a second, and the first validation much longer while HAPI
 * loads the core definitions and generates snapshots (measured 6 to 13 s on a 2-core
 * build machine), so call {@link #warmUp()} at start-up. One instance is meant to be
 * shared by all requests.
 * NOTE: no test runs validations concurrently yet.
 */
public final class MessageValidator {

    private static final Logger log = LoggerFactory.getLogger(MessageValidator.class);

    private static final String WARM_UP_EXAMPLE = "examples/detention-notice/valid.json";
    private static final String URN_UUID = "urn:uuid:";
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern SAFE_CODE = Pattern.compile("^[A-Za-z0-9.-]{1,64}$");

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final Set<String> exchangeTypeCodes;
    private final Map<String, String> profilesByExchangeType;

    /** Creates a validator with the cached R4 context and the schemas jar of this class loader. */
    public MessageValidator() {
        this(FhirContext.forR4Cached());
    }

    /**
     * Creates a validator that uses {@code fhirContext}, which must be an R4 context.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALID} when the
     *     conformance resources are missing or inconsistent
     */
    public MessageValidator(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        ConformanceResources resources =
                ConformanceResources.load(fhirContext, MessageValidator.class.getClassLoader());
        this.exchangeTypeCodes = Set.copyOf(resources.exchangeTypeCodes);
        this.profilesByExchangeType = Map.copyOf(resources.profilesByExchangeType);
        this.validator = createValidator(fhirContext, resources.validationResources);
        log.info("FHIR message validator ready: {} exchange types with a profile: {}",
                profilesByExchangeType.size(), profilesByExchangeType.keySet());
    }

    /** Returns the Bundle profile URL of each exchange type that the gateway accepts. */
    public Map<String, String> profilesByExchangeType() {
        return profilesByExchangeType;
    }

    /**
     * Classifies a message body, validates it against the Bundle profile of its exchange
     * type and returns the MessageHeader fields the later steps need.
     *
     * <p>The raw text is validated, not a parsed model, so that values the HAPI parser would
     * reject (a wrong code, a malformed date) appear as issues of the OperationOutcome.
     *
     * @throws MessageValidationException with {@link ErrorCode#UNREADABLE_BODY} when the
     *     body is not FHIR in {@code format}, {@link ErrorCode#NOT_A_BUNDLE},
     *     {@link ErrorCode#NOT_A_MESSAGE} when Bundle.type is not message or entry 0 is not a
     *     MessageHeader, {@link ErrorCode#UNKNOWN_EXCHANGE_TYPE} when the event is not a code
     *     of the exchange-type code system or has no Bundle profile, and
     *     {@link ErrorCode#PROFILE_VIOLATION} when the validator reports an error or fatal issue
     */
    public ParsedMessage validate(String body, MediaFormat format) {
        Bundle bundle = parseBundle(body, format);
        MessageHeader header = readHeader(bundle);
        String messageId = readMessageId(header);
        String exchangeType = readExchangeType(header, messageId);

        validateAgainstProfile(body, messageId, exchangeType);

        List<String> destinations = header.getDestination().stream()
                .map(MessageDestinationComponent::getEndpoint)
                .toList();
        return new ParsedMessage(bundle, messageId, exchangeType,
                header.getSender().getIdentifier().getValue(), destinations);
    }

    /**
     * Validates the bundled detention-notice example once, so that the first real message
     * does not wait for HAPI to load definitions and generate snapshots.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALID} when the example
     *     is missing or fails validation, which means the profiles and the example disagree
     */
    public void warmUp() {
        long started = System.nanoTime();
        String example = readClasspathText(WARM_UP_EXAMPLE);
        try {
            validate(example, MediaFormat.JSON);
        } catch (MessageValidationException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "The bundled example " + WARM_UP_EXAMPLE
                    + " failed validation with " + e.code() + ": " + e.getMessage(), e);
        }
        log.info("FHIR message validator warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static FhirValidator createValidator(FhirContext fhirContext, List<IBaseResource> ourResources) {
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhirContext);
        ourResources.forEach(ours::addResource);

        // The chain caches lookups itself, so it replaces CachingValidationSupport, which
        // HAPI 8.8.1 marks deprecated.
        ValidationSupportChain chain = new ValidationSupportChain(
                ValidationSupportChain.CacheConfiguration.defaultValues(),
                new DefaultProfileValidationSupport(fhirContext),
                ours,
                new SnapshotGeneratingValidationSupport(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext));

        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        // A meta.profile the gateway does not know is an error, not a silent skip.
        instanceValidator.setErrorForUnknownProfiles(true);
        // Best-practice checks such as dom-6 (narrative) would add a warning per resource,
        // and messages between systems carry no narrative.
        // NOTE: unknown extensions pass (HAPI's default, FhirInstanceValidator.isAnyExtensionsAllowed).
        // The policy extensions of the MessageHeader have StructureDefinitions in schemas/ and are checked.
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);

        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(instanceValidator);
        return validator;
    }

    private Bundle parseBundle(String body, MediaFormat format) {
        IParser parser = format == MediaFormat.XML ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
        // Lenient and silent, because the profile validation reports bad values and the
        // parser's log lines would quote them.
        parser.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));

        IBaseResource resource;
        try {
            resource = parser.parseResource(body);
        } catch (DataFormatException e) {
            throw failure(ErrorCode.UNREADABLE_BODY, IssueType.STRUCTURE,
                    "The body could not be parsed as FHIR " + format + ". The OperationOutcome has the parser message.",
                    e.getMessage(), null);
        }

        if (!(resource instanceof Bundle bundle)) {
            String type = fhirContext.getResourceType(resource);
            throw failure(ErrorCode.NOT_A_BUNDLE, IssueType.STRUCTURE,
                    "The body is a " + type + ", not a Bundle. Send a Bundle of type message.", null, null);
        }
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw failure(ErrorCode.NOT_A_MESSAGE, IssueType.STRUCTURE,
                    "Bundle.type is " + describeType(bundle) + ", not message.", null, "Bundle.type");
        }
        return bundle;
    }

    private MessageHeader readHeader(Bundle bundle) {
        if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw failure(ErrorCode.NOT_A_MESSAGE, IssueType.STRUCTURE,
                    "Bundle.entry[0] is not a MessageHeader, but a message Bundle must start with its MessageHeader.",
                    null, "Bundle.entry[0].resource");
        }
        return header;
    }

    /**
     * Returns the MessageHeader id. HAPI's parser replaces the id of an entry resource with
     * the entry's fullUrl, {@code urn:uuid:<id>}. The Bundle profile's invariant iag-bdl-2
     * requires that fullUrl to be {@code urn:uuid:} plus the id, so stripping the prefix gives the id.
     */
    private static String readMessageId(MessageHeader header) {
        String id = header.getIdElement().getValue();
        if (id != null && id.startsWith(URN_UUID)) {
            return id.substring(URN_UUID.length());
        }
        return header.getIdElement().getIdPart();
    }

    private String readExchangeType(MessageHeader header, String messageId) {
        String where = "Bundle.entry[0].resource.event";
        if (!(header.getEvent() instanceof Coding event)
                || !ConformanceResources.EXCHANGE_TYPE_SYSTEM.equals(event.getSystem())) {
            throw failure(ErrorCode.UNKNOWN_EXCHANGE_TYPE, IssueType.CODEINVALID, "Message " + safeId(messageId)
                    + " has no MessageHeader.eventCoding from " + ConformanceResources.EXCHANGE_TYPE_SYSTEM + ".",
                    null, where);
        }
        String code = event.getCode();
        if (!exchangeTypeCodes.contains(code)) {
            throw failure(ErrorCode.UNKNOWN_EXCHANGE_TYPE, IssueType.CODEINVALID, "Message " + safeId(messageId)
                    + " has event code " + safeCode(code) + ", which is not in the exchange-type code system.",
                    null, where);
        }
        if (!profilesByExchangeType.containsKey(code)) {
            throw failure(ErrorCode.UNKNOWN_EXCHANGE_TYPE, IssueType.NOTSUPPORTED, "Message " + safeId(messageId)
                    + " has exchange type " + code + ", which this gateway does not accept from agency systems"
                    + " because no Bundle profile defines it.", null, where);
        }
        return code;
    }

    private void validateAgainstProfile(String body, String messageId, String exchangeType) {
        String profileUrl = profilesByExchangeType.get(exchangeType);
        ValidationResult result = validator.validateWithResult(body, new ValidationOptions().addProfile(profileUrl));

        long errors = result.getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .count();
        if (errors > 0) {
            throw new MessageValidationException(ErrorCode.PROFILE_VIOLATION,
                    "Message " + safeId(messageId) + " of exchange type " + exchangeType + " has " + errors
                            + " error(s) against profile " + profileUrl + ". The OperationOutcome lists them.",
                    (OperationOutcome) result.toOperationOutcome());
        }
    }

    /**
     * Builds an exception whose OperationOutcome has one error issue. {@code diagnostics}
     * may quote the body, so it goes into the outcome only, never into the exception message.
     */
    private static MessageValidationException failure(ErrorCode code, IssueType issueType, String message,
            String diagnostics, String expression) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(issueType)
                .setDiagnostics(diagnostics == null ? message : message + " " + diagnostics);
        issue.getDetails().setText(code.name());
        if (expression != null) {
            issue.addExpression(expression);
        }
        return new MessageValidationException(code, message, outcome);
    }

    private static String describeType(Bundle bundle) {
        return bundle.hasType() ? bundle.getType().toCode() : "missing or not a Bundle.type code";
    }

    /** Returns the message id for a log or exception message, or a placeholder if it is not a UUID. */
    private static String safeId(String messageId) {
        return messageId != null && UUID.matcher(messageId).matches() ? messageId : "(without a UUID id)";
    }

    private static String safeCode(String code) {
        return code != null && SAFE_CODE.matcher(code).matches() ? "'" + code + "'" : "(not shown)";
    }

    private static String readClasspathText(String path) {
        try (InputStream in = ConformanceResources.open(MessageValidator.class.getClassLoader(), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "Failed to read classpath resource " + path + ".", e);
        }
    }
}
