package org.interagency.gateway.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.erdtman.jcs.JsonCanonicalizer;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.config.YamlConfigFile;
import org.interagency.gateway.ledger.PayloadDigest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The form of an MOU that parties sign: the YAML file parsed into a JSON tree and serialized
 * by the JSON Canonicalization Scheme (RFC 8785: keys sorted, no insignificant whitespace,
 * fixed number and string forms). Comments, key order and YAML layout therefore do not change
 * the signed bytes, but any change of a value does.
 */
public final class MouCanonicalForm {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MouCanonicalForm() {
    }

    /** Returns the canonical UTF-8 bytes of the parsed MOU tree. */
    public static byte[] of(JsonNode tree) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(tree)).getEncodedString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigurationException("the MOU tree could not be canonicalized: " + e.getMessage(), e);
        }
    }

    /** Reads an MOU file, checks it against the MOU JSON Schema and returns its canonical form. */
    public static byte[] read(Path file) {
        return of(YamlConfigFile.read(file, MouRepository.SCHEMA, UnaryOperator.identity()));
    }

    /** Returns the digest of the canonical form, {@code sha256:<hex>}, which messages carry. */
    public static String digest(byte[] canonical) {
        return PayloadDigest.of(canonical);
    }
}
