package org.interagency.gateway.config;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a YAML configuration file (directory, MOU) and checks it against its JSON Schema
 * from the schemas module, so that a bad file stops the start with its name, the line and
 * the schema's complaint rather than a mapping error deep in the code.
 */
public final class YamlConfigFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private YamlConfigFile() {
    }

    /**
     * Reads {@code file}, applies {@code placeholders} to its text, validates it against the
     * classpath schema {@code schemaResource} and returns the tree.
     */
    public static JsonNode read(Path file, String schemaResource, UnaryOperator<String> placeholders) {
        String text = placeholders.apply(readText(file));

        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(file + ": not valid YAML (" + firstLine(e.getMessage())
                    + "); fix the syntax at the place named", e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new InvalidConfigurationException(file + ": the file is empty; see the example in config/demo");
        }

        List<Error> errors = schema(schemaResource).validate(tree);
        if (!errors.isEmpty()) {
            Node root = new Yaml().compose(new StringReader(text));
            String report = errors.stream()
                    .map(error -> file + ":" + lineOf(root, placeOf(error)) + ": "
                            + error.getInstanceLocation() + ": " + error.getMessage())
                    .collect(Collectors.joining(System.lineSeparator()));
            throw new InvalidConfigurationException("invalid configuration file, fix each line listed against "
                    + schemaResource + ":" + System.lineSeparator() + report);
        }
        return tree;
    }

    /**
     * Returns {@code file:line} of the JSON Pointer {@code pointer} (such as
     * {@code /clauses/0/senders/1}) in {@code file}, for errors found after the schema check.
     * An unreadable file gives line 1.
     */
    public static String place(Path file, String pointer) {
        try {
            Node root = new Yaml().compose(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return file + ":" + lineOf(root, pointer);
        } catch (IOException | RuntimeException e) {
            return file + ":1";
        }
    }

    /**
     * Converts a validated tree of {@code file} into a typed value. A value the schema lets
     * through but the type rejects, such as the date 2026-02-30, is reported at its line.
     */
    public static <T> T convert(Path file, JsonNode tree, Class<T> type) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (DatabindException e) {
            String pointer = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                            : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("/", "/", ""));
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new InvalidConfigurationException(place(file, pointer) + ": " + pointer + ": invalid value ("
                    + firstLine(root.getMessage()) + "); write a real value, such as a date as YYYY-MM-DD", e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path and the file permissions", e);
        }
    }

    private static Schema schema(String resource) {
        try (InputStream in = YamlConfigFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JSON Schema " + resource + " is missing from the classpath");
            }
            return SCHEMAS.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the pointer whose line the report names. An error about one property of an
     * object, such as an unknown field, points at that property, so the report names the
     * field's own line. For a missing property, lineOf stops at the enclosing object.
     */
    private static String placeOf(Error error) {
        String pointer = error.getInstanceLocation().toString();
        return error.getProperty() == null ? pointer : pointer + "/" + error.getProperty();
    }

    /** Finds the 1-based line of a JSON Pointer such as {@code /counties/0/agencies/1/kind}. */
    static int lineOf(Node root, String pointer) {
        Node node = root;
        for (String token : pointer.replaceFirst("^\\$?/?", "").split("[/.]")) {
            if (token.isEmpty() || node == null) {
                continue;
            }
            Node next = child(node, token);
            if (next == null) {
                break;
            }
            node = next;
        }
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static Node child(Node node, String token) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(token)) {
                    return tuple.getValueNode();
                }
            }
            return null;
        }
        if (node instanceof SequenceNode sequence && token.matches("\\d+")) {
            int index = Integer.parseInt(token);
            return index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
