package org.interagency.gateway.fhir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;

/**
 * The gateway's FHIR conformance resources, read from the classpath folder {@code fhir/}
 * that the schemas jar provides. {@code fhir/index.txt} lists the files, because a plain
 * class loader cannot list a folder inside a jar.
 */
final class ConformanceResources {

    static final String EXCHANGE_TYPE_SYSTEM = "http://interagency.example.org/fhir/CodeSystem/exchange-type";
    static final String BUNDLE_PROFILE_EXTENSION =
            "http://interagency.example.org/fhir/StructureDefinition/message-bundle-profile";

    private static final String FOLDER = "fhir/";
    private static final String INDEX = FOLDER + "index.txt";

    /** StructureDefinitions, CodeSystems and ValueSets, for the validation support chain. */
    final List<IBaseResource> validationResources = new ArrayList<>();
    /** Codes of the exchange-type CodeSystem. */
    final Set<String> exchangeTypeCodes = new HashSet<>();
    /** Bundle profile URL by exchange-type code, from the MessageDefinitions that name one. */
    final Map<String, String> profilesByExchangeType = new HashMap<>();

    private ConformanceResources() {
    }

    /**
     * Loads every file of the index and checks that each Bundle profile a MessageDefinition
     * names is among the loaded StructureDefinitions.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALID} when the index or
     *     a listed file is missing or unreadable, or a MessageDefinition names an unknown profile
     */
    static ConformanceResources load(FhirContext fhirContext, ClassLoader classLoader) {
        ConformanceResources resources = new ConformanceResources();
        Set<String> structureDefinitionUrls = new HashSet<>();

        for (String fileName : readIndex(classLoader)) {
            IBaseResource resource = parse(fhirContext, classLoader, FOLDER + fileName);
            if (resource instanceof StructureDefinition structureDefinition) {
                structureDefinitionUrls.add(structureDefinition.getUrl());
                resources.validationResources.add(resource);
            } else if (resource instanceof CodeSystem codeSystem) {
                resources.addCodeSystem(codeSystem);
            } else if (resource instanceof ValueSet) {
                resources.validationResources.add(resource);
            } else if (resource instanceof MessageDefinition messageDefinition) {
                resources.addMessageDefinition(messageDefinition, fileName);
            } else {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "Classpath resource " + FOLDER + fileName
                        + " is a " + resource.getClass().getSimpleName() + ", but " + INDEX
                        + " may list only StructureDefinition, CodeSystem, ValueSet and MessageDefinition files.");
            }
        }

        resources.profilesByExchangeType.forEach((code, profileUrl) -> {
            if (!structureDefinitionUrls.contains(profileUrl)) {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "The MessageDefinition for exchange type "
                        + code + " names Bundle profile " + profileUrl + ", which no StructureDefinition in "
                        + INDEX + " defines.");
            }
        });
        return resources;
    }

    private void addCodeSystem(CodeSystem codeSystem) {
        validationResources.add(codeSystem);
        if (EXCHANGE_TYPE_SYSTEM.equals(codeSystem.getUrl())) {
            codeSystem.getConcept().forEach(concept -> exchangeTypeCodes.add(concept.getCode()));
        }
    }

    private void addMessageDefinition(MessageDefinition messageDefinition, String fileName) {
        if (!messageDefinition.hasEventCoding()
                || !EXCHANGE_TYPE_SYSTEM.equals(messageDefinition.getEventCoding().getSystem())) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "MessageDefinition " + FOLDER + fileName
                    + " has no eventCoding from " + EXCHANGE_TYPE_SYSTEM + ".");
        }
        Extension profileExtension = messageDefinition.getExtensionByUrl(BUNDLE_PROFILE_EXTENSION);
        if (profileExtension == null) {
            // A definition without a Bundle profile, such as the gateway's own receipt, is
            // not accepted from agency systems.
            return;
        }
        if (!(profileExtension.getValue() instanceof CanonicalType profileUrl) || !profileUrl.hasValue()) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "MessageDefinition " + FOLDER + fileName
                    + " has a " + BUNDLE_PROFILE_EXTENSION + " extension without a valueCanonical.");
        }
        profilesByExchangeType.put(messageDefinition.getEventCoding().getCode(), profileUrl.getValue());
    }

    private static List<String> readIndex(ClassLoader classLoader) {
        try (InputStream in = open(classLoader, INDEX);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "Failed to read classpath resource " + INDEX + ".", e);
        }
    }

    private static IBaseResource parse(FhirContext fhirContext, ClassLoader classLoader, String path) {
        try (InputStream in = open(classLoader, path)) {
            return fhirContext.newJsonParser().parseResource(in);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "Failed to read classpath resource " + path + ".", e);
        } catch (DataFormatException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID,
                    "Classpath resource " + path + " is not valid FHIR R4 JSON: " + e.getMessage(), e);
        }
    }

    static InputStream open(ClassLoader classLoader, String path) {
        InputStream in = classLoader.getResourceAsStream(path);
        if (in == null) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALID, "Classpath resource " + path
                    + " not found. Put the interagency-gateway-schemas jar on the classpath.");
        }
        return in;
    }
}
