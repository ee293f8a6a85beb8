package org.interagency.gateway.directory;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.config.YamlConfigFile;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.error.GatewayException;
import tools.jackson.databind.JsonNode;

/** Reads {@code directory.yml}, checks it against its JSON Schema and loads the certificates it names. */
public final class DirectoryLoader {

    static final String SCHEMA = "json-schema/directory.schema.json";

    private DirectoryLoader() {
    }

    /**
     * Loads the directory file. {@code placeholders} resolves {@code ${NAME:default}} in its
     * text, so one file can serve gateways whose ports are chosen at start.
     */
    public static Directory load(Path file, UnaryOperator<String> placeholders) {
        JsonNode tree = YamlConfigFile.read(file, SCHEMA, placeholders);
        Path base = file.toAbsolutePath().getParent();

        List<County> counties = new ArrayList<>();
        Set<String> agencyIds = new HashSet<>();
        Set<String> countyIds = new HashSet<>();
        for (JsonNode countyNode : tree.get("counties")) {
            County county = county(file, base, countyNode, agencyIds);
            if (!countyIds.add(county.id())) {
                throw new InvalidConfigurationException(file + ": county " + county.id() + " is listed twice; remove one entry");
            }
            counties.add(county);
        }

        List<X509Certificate> anchors = new ArrayList<>();
        for (JsonNode anchor : tree.get("trustAnchors")) {
            anchors.addAll(certificates(file, base.resolve(anchor.asString())));
        }
        return new Directory(tree.get("network").asString(), counties, anchors);
    }

    /**
     * Reads only the agency ids per county, without loading any certificate, for the command
     * that creates the development PKI those certificates come from.
     */
    public static Map<String, List<String>> agencyIdsByCounty(Path file, UnaryOperator<String> placeholders) {
        JsonNode tree = YamlConfigFile.read(file, SCHEMA, placeholders);
        Map<String, List<String>> agencies = new LinkedHashMap<>();
        for (JsonNode county : tree.get("counties")) {
            List<String> ids = new ArrayList<>();
            county.get("agencies").forEach(agency -> ids.add(agency.get("id").asString()));
            agencies.put(county.get("id").asString(), ids);
        }
        return agencies;
    }

    private static County county(Path file, Path base, JsonNode node, Set<String> agencyIds) {
        String countyId = node.get("id").asString();
        JsonNode gateway = node.get("gateway");

        List<Agency> agencies = new ArrayList<>();
        for (JsonNode agencyNode : node.get("agencies")) {
            String agencyId = agencyNode.get("id").asString();
            if (!agencyId.startsWith(countyId + ".")) {
                throw new InvalidConfigurationException(file + ": agency " + agencyId + " is listed under county "
                        + countyId + "; agency ids must start with their county id and a dot");
            }
            if (!agencyIds.add(agencyId)) {
                throw new InvalidConfigurationException(file + ": agency " + agencyId + " is listed twice; remove one entry");
            }
            agencies.add(new Agency(agencyId, agencyNode.get("name").asString(), agencyNode.get("kind").asString(),
                    countyId, agencyNode.path("pointPerson").asBoolean(false)));
        }

        List<X509Certificate> encryption = new ArrayList<>();
        for (JsonNode certificate : gateway.get("encryptionCertificates")) {
            // A file may hold the issuing chain after the leaf; envelopes go to the leaves only.
            certificates(file, base.resolve(certificate.asString())).stream()
                    .filter(candidate -> candidate.getBasicConstraints() < 0)
                    .forEach(encryption::add);
        }
        return new County(countyId, node.get("name").asString(), endpoint(file, countyId, gateway.get("endpoint").asString()),
                encryption, agencies);
    }

    private static URI endpoint(Path file, String countyId, String text) {
        try {
            URI uri = URI.create(text);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(file + ": gateway endpoint of county " + countyId + " is '" + text
                    + "'; write an https URL such as https://gateway.example.org:8443", e);
        }
    }

    static List<X509Certificate> certificates(Path file, Path certificateFile) {
        try {
            return KeyMaterial.readCertificates(certificateFile);
        } catch (GatewayException e) {
            throw new InvalidConfigurationException(file + ": " + e.getMessage()
                    + "; run 'bin/gateway certs init' for the demo PKI or fix the path", e);
        }
    }
}
