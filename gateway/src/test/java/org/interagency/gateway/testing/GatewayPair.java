package org.interagency.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.interagency.gateway.GatewayApplication;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouBinding;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PolicyHeader;
import org.interagency.gateway.pki.OpensslTimestampAuthority;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The alameda and contra-costa demo gateways, started once per test run in this JVM on free
 * loopback ports with a fresh development PKI and data folders, and stopped when the run ends.
 * Each gateway has its own copy of the directory and MOUs, signed by every party with the
 * test PKI's keys, as in production. Only alameda has an MOU that lets alameda probation
 * send detention notices, so tests can show that a receiver enforces its own agreements.
 * Contra-costa checks revocation against the CRLs of the test PKI, which list
 * {@code test/revoked-agency} of alameda. Both gateways checkpoint their ledgers every 2 s
 * of activity, time-stamped by an {@link OpensslTimestampAuthority}.
 */
public final class GatewayPair implements ExtensionContext.Store.CloseableResource {

    /** Largest body the test gateways accept, small so that the 413 test stays cheap. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /** A route file of the county's own, as county IT would add to the routes folder. */
    private static final String COUNTY_ROUTE = """
            - route:
                id: county-ping
                from:
                  id: county-ping-from
                  uri: direct:county-ping
                  steps:
                    - setBody:
                        id: county-ping-body
                        expression:
                          constant:
                            expression: pong
            """;

    /** An MOU only the alameda gateway holds: alameda probation may send detention notices to contra-costa. */
    private static final String ALAMEDA_ONLY_MOU = """
            id: mou-test-alameda-probation-notices
            version: 1
            title: Alameda probation detention notices, held only by alameda (test)
            parties: [alameda.probation, contra-costa.probation, contra-costa.child-welfare]
            effective: 2026-01-01
            expires: 2028-12-31
            clauses:
              - id: probation-detention-notices
                senders:
                  - agency: alameda.probation
                recipients:
                  - kind: probation
                    counties: [contra-costa]
                  - kind: child-welfare
                    counties: [contra-costa]
                exchangeTypes: [detention-notice]
                purposes: [safety-planning]
                dataClasses: [identity, case, organization, placement-location]
                consent:
                  rule: not-required
                  authority: "Test text: the authority of the test agreement"
                onwardDisclosure: false
                retentionDays: 30
            """;

    private final Path root;
    private final TestGateway alameda;
    private final TestGateway contraCosta;
    private final FaultyProxy toContraCosta;
    private final OpensslTimestampAuthority tsa;

    private GatewayPair(Path root, TestGateway alameda, TestGateway contraCosta, FaultyProxy toContraCosta,
            OpensslTimestampAuthority tsa) {
        this.root = root;
        this.alameda = alameda;
        this.contraCosta = contraCosta;
        this.toContraCosta = toContraCosta;
        this.tsa = tsa;
    }

    /** Returns the pair of this test run, starting it on first use. */
    public static GatewayPair get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(GatewayPair.class, key -> start(), GatewayPair.class);
    }

    public TestGateway alameda() {
        return alameda;
    }

    public TestGateway contraCosta() {
        return contraCosta;
    }

    /**
     * Returns the proxy the directory names as contra-costa's endpoint; alameda reaches
     * contra-costa only through it, so tests can cut the link.
     */
    public FaultyProxy toContraCosta() {
        return toContraCosta;
    }

    /**
     * Returns the JSON message with the MessageHeader naming the signed version of the demo
     * protocol MOU, as the alameda gateway's sealing step writes it. Tests that seal envelopes
     * themselves need it, because contra-costa rejects a message that names no MOU version.
     */
    public String withProtocolMou(String message) {
        IParser json = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
        Bundle bundle = json.parseResource(Bundle.class, message);
        MouBinding protocol = alameda.bean(MouRepository.class).find("mou-two-county-csec-protocol").orElseThrow().binding();
        PolicyHeader.stamp(bundle, List.of(protocol), List.of());
        return json.encodeResourceToString(bundle);
    }

    /** Returns the time-stamping authority both gateways time-stamp their ledger checkpoints with. */
    public OpensslTimestampAuthority tsa() {
        return tsa;
    }

    /** Returns the folder of the test PKI. */
    public Path pki() {
        return root.resolve("pki");
    }

    @Override
    public void close() throws IOException {
        contraCosta.stop();
        alameda.stop();
        toContraCosta.close();
        tsa.close();
    }

    private static GatewayPair start() {
        try {
            Path root = Files.createTempDirectory("gateway-pair");
            Path home = projectHome();
            Path pki = root.resolve("pki");
            // DevPki issues the certificates under test/ from the first county's CA, naming its first
            // agency, so alameda comes first: those signers then name alameda.juvenile-hall, the
            // sender of the example messages, and the test posts them with alameda's gateway key.
            Map<String, List<String>> agenciesByCounty = new LinkedHashMap<>();
            agenciesByCounty.put("alameda", List.of("alameda.juvenile-hall", "alameda.probation", "alameda.child-welfare",
                    "alameda.victim-advocacy", "alameda.sheriff", "alameda.district-attorney"));
            agenciesByCounty.put("contra-costa", List.of("contra-costa.probation", "contra-costa.child-welfare",
                    "contra-costa.victim-advocacy", "contra-costa.sheriff", "contra-costa.district-attorney",
                    "contra-costa.juvenile-hall"));
            DevPki.create(pki, agenciesByCounty, false);

            int alamedaPort = freePort();
            int contraCostaPort = freePort();
            FaultyProxy toContraCosta = new FaultyProxy(contraCostaPort);
            System.setProperty("ALAMEDA_PORT", String.valueOf(alamedaPort));
            System.setProperty("CONTRA_COSTA_PORT", String.valueOf(toContraCosta.port()));

            Path alamedaConfig = copyConfig(home, "alameda", root, pki);
            Path contraCostaConfig = copyConfig(home, "contra-costa", root, pki);
            Files.createDirectories(alamedaConfig.resolve("routes"));
            Files.writeString(alamedaConfig.resolve("routes/county-ping.yaml"), COUNTY_ROUTE);
            withProbationNoticesOnlyAtAlameda(alamedaConfig, contraCostaConfig);
            TestMous.signAsEveryParty(alamedaConfig.resolve("mous"), pki);
            TestMous.signAsEveryParty(contraCostaConfig.resolve("mous"), pki);

            OpensslTimestampAuthority tsa = OpensslTimestampAuthority.start();
            TestGateway alameda = launch("alameda", alamedaPort, alamedaConfig, root, pki, tsa);
            TestGateway contraCosta = launch("contra-costa", contraCostaPort, contraCostaConfig, root, pki, tsa);
            return new GatewayPair(root, alameda, contraCosta, toContraCosta, tsa);
        } catch (Exception e) {
            throw new IllegalStateException("the test gateways could not be started", e);
        }
    }

    /**
     * Moves the alameda probation senders out of the shared protocol MOU, whose two copies stay
     * identical, into an MOU that only alameda holds. Contra-costa then refuses a detention
     * notice from alameda probation by its own MOUs although alameda's allow it.
     */
    private static void withProbationNoticesOnlyAtAlameda(Path alamedaConfig, Path contraCostaConfig) throws IOException {
        for (Path config : List.of(alamedaConfig, contraCostaConfig)) {
            Path protocol = config.resolve("mous/mou-two-county-csec-protocol.yml");
            Files.writeString(protocol, Files.readString(protocol).replace("""
                          - kind: probation
                            counties: [alameda]
                    """, ""));
        }
        Files.writeString(alamedaConfig.resolve("mous/mou-test-alameda-probation-notices.yml"), ALAMEDA_ONLY_MOU);
    }

    private static TestGateway launch(String county, int port, Path config, Path root, Path pki, OpensslTimestampAuthority tsa) {
        return launch(county, port, config, root, pki, List.of("gateway.ledger.timestamp-authority-url=" + tsa.url()));
    }

    /** Starts one gateway of {@code county} with the test settings, then {@code extra} settings that override them. */
    static TestGateway launch(String county, int port, Path config, Path root, Path pki, List<String> extra) {
        String countyPki = pki.resolve(county).toString();
        List<String> properties = new ArrayList<>(List.of(
                "gateway.county=" + county,
                "gateway.config-dir=" + config,
                "gateway.data-dir=" + root.resolve("data").resolve(county),
                "gateway.intake.max-body-size=" + MAX_BODY_BYTES + "B",
                "gateway.keys.password=" + DevPki.PASSWORD,
                "gateway.keys.agency-signing-folder=" + countyPki + "/agencies",
                "gateway.keys.encryption=" + countyPki + "/gateway-encryption.p12",
                "gateway.keys.receipt-signing=" + countyPki + "/gateway-signing.p12",
                "gateway.delivery.redelivery-delay=200ms",
                "gateway.delivery.maximum-redeliveries=2",
                "gateway.ledger.checkpoint-poll-period=2s",
                "gateway.ledger.checkpoint-interval=2s",
                "server.port=" + port,
                "spring.artemis.embedded.server-id=" + port,
                "spring.ssl.bundle.jks.gateway.keystore.location=file:" + countyPki + "/gateway-tls.p12",
                "spring.ssl.bundle.jks.gateway.keystore.password=" + DevPki.PASSWORD,
                "spring.ssl.bundle.jks.gateway.keystore.type=PKCS12",
                "spring.ssl.bundle.jks.gateway.truststore.location=file:" + pki.resolve("truststore.p12"),
                "spring.ssl.bundle.jks.gateway.truststore.password=" + DevPki.PASSWORD,
                "spring.ssl.bundle.jks.gateway.truststore.type=PKCS12"));
        if (county.equals("contra-costa")) {
            properties.add("gateway.envelope.crl-folder=" + pki.resolve("test/crl"));
        }
        properties.addAll(extra);
        // Arguments, not default properties, because application.yml must not override them.
        var context = new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
        return new TestGateway(county, port, pki, context);
    }

    /** Copies a demo county's directory and MOUs, pointing the certificate paths at the test PKI. */
    static Path copyConfig(Path home, String county, Path root, Path pki) throws IOException {
        Path source = home.resolve("config/demo").resolve(county);
        Path target = root.resolve("config").resolve(county);
        Files.createDirectories(target.resolve("mous"));
        // Only the MOU files: signature folders a local demo run left beside them are not copied.
        try (Stream<Path> files = Stream.concat(Stream.of(source.resolve("directory.yml")), Files.list(source.resolve("mous"))
                .filter(file -> file.getFileName().toString().endsWith(".yml")))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("../../../certs-dev", pki.toString());
                Files.writeString(target.resolve(source.relativize(file)), text, StandardCharsets.UTF_8);
            }
        }
        return target;
    }

    static Path projectHome() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/demo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/demo not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
