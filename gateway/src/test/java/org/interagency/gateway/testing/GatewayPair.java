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
import org.interagency.gateway.GatewayApplication;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.pki.OpensslTimestampAuthority;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The alameda and contra-costa demo gateways, started once per test run in this JVM on free
 * loopback ports with a fresh development PKI and data folders, and stopped when the run ends.
 * Each gateway holds its own copy of the directory and MOUs, as in production; the
 * contra-costa copy of the MOU lets only the juvenile hall send detention notices, so tests
 * can show that a receiver enforces its own agreement. Contra-costa checks revocation against
 * the CRLs of the test PKI, which list {@code test/revoked-agency} of alameda. Both gateways
 * checkpoint their ledgers every 2 s of activity, time-stamped by an {@link OpensslTimestampAuthority}.
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
            agenciesByCounty.put("alameda", List.of("alameda.juvenile-hall", "alameda.probation", "alameda.child-welfare"));
            agenciesByCounty.put("contra-costa", List.of("contra-costa.probation", "contra-costa.child-welfare",
                    "contra-costa.victim-advocacy", "contra-costa.sheriff"));
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
            Path receiverMou = contraCostaConfig.resolve("mous/mou-two-county-csec-protocol.yml");
            Files.writeString(receiverMou, Files.readString(receiverMou).replace("""
                          - kind: probation
                            counties: [alameda]
                    """, ""));

            OpensslTimestampAuthority tsa = OpensslTimestampAuthority.start();
            TestGateway alameda = launch("alameda", alamedaPort, alamedaConfig, root, pki, tsa);
            TestGateway contraCosta = launch("contra-costa", contraCostaPort, contraCostaConfig, root, pki, tsa);
            return new GatewayPair(root, alameda, contraCosta, toContraCosta, tsa);
        } catch (Exception e) {
            throw new IllegalStateException("the test gateways could not be started", e);
        }
    }

    private static TestGateway launch(String county, int port, Path config, Path root, Path pki, OpensslTimestampAuthority tsa) {
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
                "gateway.ledger.timestamp-authority-url=" + tsa.url(),
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
        // Arguments, not default properties, because application.yml must not override them.
        var context = new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
        return new TestGateway(county, port, pki, context);
    }

    /** Copies a demo county's directory and MOUs, pointing the certificate paths at the test PKI. */
    private static Path copyConfig(Path home, String county, Path root, Path pki) throws IOException {
        Path source = home.resolve("config/demo").resolve(county);
        Path target = root.resolve("config").resolve(county);
        Files.createDirectories(target.resolve("mous"));
        try (Stream<Path> files = Stream.concat(Stream.of(source.resolve("directory.yml")), Files.list(source.resolve("mous")))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("../../../certs-dev", pki.toString());
                Files.writeString(target.resolve(source.relativize(file)), text, StandardCharsets.UTF_8);
            }
        }
        return target;
    }

    private static Path projectHome() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("config/demo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config/demo not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
