package org.interagency.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouSignatures;
import org.interagency.gateway.pki.OpensslTimestampAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/gateway demo}: starts the alameda and contra-costa demo gateways as two processes
 * on loopback ports, sends the example detention notice from the alameda juvenile hall to
 * the contra-costa probation and child-welfare point persons, and prints each step with the
 * ledger rows of both gateways as they appear. With {@code --keycloak} the agency systems
 * authenticate with tokens of a development Keycloak instead of client certificates.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run two demo county gateways and exchange a detention notice between them.")
final class DemoCommand implements Callable<Integer> {

    private static final String SENDER = "alameda.juvenile-hall";
    private static final List<String> RECIPIENTS = List.of("contra-costa.probation", "contra-costa.child-welfare");
    private static final String EXAMPLE = "examples/detention-notice/with-screening.json";
    /** The mental-health Observation of the example, which the demo protocol MOU withholds without consent. */
    private static final String WITHHELD_ENTRY = "urn:uuid:2e4f6a8c-0b1d-4f3e-9a5c-7d9e1f3a5b7c";
    private static final String EXAMPLE_TIMESTAMP = "2026-03-02T09:15:00-08:00";
    private static final String EXAMPLE_MESSAGE_ID = "0b6a1f52-7c3e-4d8a-9f10-2e4b6c8d0a13";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofMinutes(1);

    @Option(names = "--once", description = "Exit after the exchange: 0 when it completed within a minute, 1 otherwise.")
    boolean once;

    @Option(names = "--clean", description = "Delete the demo data and the development PKI first, and start afresh.")
    boolean clean;

    @Option(names = "--keycloak", description = "Start the development Keycloak, and let agency systems authenticate with "
            + "client-credentials tokens instead of client certificates.")
    boolean keycloak;

    private final JsonMapper json = JsonMapper.builder().build();
    private String sentMessageId;

    @Override
    public Integer call() throws Exception {
        Path home = GatewayCommand.home();
        Path dataDir = home.resolve("demo-data");
        Path certsDir = home.resolve("certs-dev");

        prepare(home, dataDir, certsDir);
        KeycloakServer server = new KeycloakServer(home);
        DemoTokens tokens = keycloak ? startKeycloak(server) : null;
        OpensslTimestampAuthority tsa = startTimestampAuthority(dataDir);
        List<DemoGateway> gateways = List.of(
                new DemoGateway("alameda", DemoGateway.freePort(), dataDir.resolve("alameda"), certsDir, tokens),
                new DemoGateway("contra-costa", DemoGateway.freePort(), dataDir.resolve("contra-costa"), certsDir, tokens));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(gateways, tokens == null ? null : server, tsa)));

        try {
            start(home, gateways, tsa == null ? Map.of()
                    : Map.of("GATEWAY_LEDGER_TIMESTAMPAUTHORITYURL", tsa.url().toString()));
            boolean complete = exchange(gateways.get(0), gateways.get(1));
            DemoAudit audit = new DemoAudit();
            audit.check(gateways, sentMessageId, RECIPIENTS, clean);
            audit.verifyLedgers(gateways, tsa != null);
            System.out.println("evidence of the message that openssl checks offline: bin/gateway audit evidence "
                    + sentMessageId + " --out evidence.zip (docs/compliance.md)");
            if (!once) {
                keepRunning(gateways, certsDir);
            }
            return complete ? 0 : 1;
        } catch (DemoFailure e) {
            System.out.println();
            System.out.println("demo failed: " + e.getMessage());
            return 1;
        } finally {
            stopAll(gateways, tokens == null ? null : server, tsa);
        }
    }

    /** Starts the development Keycloak with the realms of both demo counties. */
    private static DemoTokens startKeycloak(KeycloakServer server) throws Exception {
        int port = DemoGateway.freePort();
        System.out.println("starting Keycloak " + KeycloakServer.VERSION + " on http://127.0.0.1:" + port
                + " (the first run fetches it through Maven; log: " + server.log() + ")");

        server.start(port);

        System.out.println("ready    Keycloak; agency systems authenticate with client-credentials tokens of the realms "
                + "alameda and contra-costa");
        return new DemoTokens(port);
    }

    private static void stopAll(List<DemoGateway> gateways, KeycloakServer server, OpensslTimestampAuthority tsa) {
        gateways.forEach(DemoGateway::stop);
        if (tsa != null) {
            tsa.close();
        }
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            System.out.println("Keycloak could not be stopped (" + e.getMessage() + "); stop it with 'bin/keycloak stop'");
        }
    }

    /**
     * Starts the openssl-backed time-stamping authority for the gateways' ledger checkpoints,
     * or returns null, with a note, when {@code openssl} is missing or fails.
     */
    private static OpensslTimestampAuthority startTimestampAuthority(Path dataDir) {
        if (!OpensslTimestampAuthority.opensslAvailable()) {
            System.out.println("openssl is not on the PATH: the ledger checkpoints get no time-stamp token");
            return null;
        }
        try {
            Path folder = dataDir.resolve("tsa");
            Files.createDirectories(folder);
            OpensslTimestampAuthority tsa = OpensslTimestampAuthority.start(Files.createTempDirectory(folder, "run-"));
            System.out.println("time-stamping authority (openssl ts) on " + tsa.url());
            return tsa;
        } catch (IOException e) {
            System.out.println("the time-stamping authority did not start (" + e.getMessage()
                    + "): the ledger checkpoints get no time-stamp token");
            return null;
        }
    }

    private void prepare(Path home, Path dataDir, Path certsDir) throws Exception {
        if (clean) {
            deleteTree(dataDir);
            deleteGeneratedKeys(certsDir);
            System.out.println("removed " + dataDir + " and the keys in " + certsDir);
        }
        System.out.println("demo data: " + dataDir + (Files.isDirectory(dataDir) ? " (reused; --clean starts afresh)" : ""));

        if (!Files.exists(certsDir.resolve("root-ca.crt"))) {
            Map<String, List<String>> agencies = DirectoryLoader.agencyIdsByCounty(
                    home.resolve("config/demo/alameda/directory.yml"), Placeholders::fromEnvironment);
            DevPki.create(certsDir, agencies, true);
            System.out.println("created the development PKI in " + certsDir);
        }
        signDemoMous(home, certsDir);
        Files.createDirectories(dataDir);
    }

    /**
     * Signs each county's copy of the demo MOUs as every party. The development keys differ on
     * each machine, so the signatures are made here rather than kept in the repository.
     */
    private static void signDemoMous(Path home, Path certsDir) throws IOException {
        for (String county : List.of("alameda", "contra-costa")) {
            MouSignatures.signAsEveryParty(home.resolve("config/demo").resolve(county).resolve("mous"), party ->
                    KeyMaterial.loadSigningIdentity(certsDir.resolve(party.substring(0, party.indexOf('.')))
                            .resolve("agencies").resolve(party + ".p12"), DevPki.PASSWORD.toCharArray()));
        }
        System.out.println("signed the demo MOUs in config/demo/*/mous as every party, with the development keys");
    }

    private void start(Path home, List<DemoGateway> gateways, Map<String, String> settings) throws Exception {
        Path jar = Path.of(System.getProperty("gateway.jar", home.resolve("gateway/target/gateway.jar").toString()));
        Map<String, String> ports = new LinkedHashMap<>(settings);
        for (DemoGateway gateway : gateways) {
            ports.put(gateway.county().toUpperCase().replace('-', '_') + "_PORT", String.valueOf(gateway.port()));
        }
        for (DemoGateway gateway : gateways) {
            gateway.start(home, jar, ports);
            System.out.printf("starting %-13s gateway on https://127.0.0.1:%d (log: %s)%n", gateway.county(),
                    gateway.port(), gateway.log());
        }

        Instant deadline = Instant.now().plus(START_TIMEOUT);
        for (DemoGateway gateway : gateways) {
            String agency = gateway == gateways.get(0) ? SENDER : RECIPIENTS.get(0);
            while (!ready(gateway, agency)) {
                if (!gateway.alive()) {
                    throw new DemoFailure("the " + gateway.county() + " gateway stopped during start; see " + gateway.log());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new DemoFailure("the " + gateway.county() + " gateway did not start within "
                            + START_TIMEOUT.toMinutes() + " minutes; see " + gateway.log());
                }
                Thread.sleep(500);
            }
            System.out.printf("ready    %-13s gateway%n", gateway.county());
        }
    }

    private boolean exchange(DemoGateway sender, DemoGateway receiver) throws Exception {
        byte[] message = exampleMessage();
        String messageId = json.readTree(message).path("entry").path(0).path("resource").path("id").asString();
        sentMessageId = messageId;

        System.out.println();
        System.out.println("sending detention-notice " + messageId + " from " + SENDER + " to the contra-costa "
                + "probation and child-welfare point persons, with a mental-health screening for which the youth gave no Consent");
        HttpResponse<String> accepted = sender.post(SENDER, "/api/v1/messages", "application/fhir+json", message);
        if (accepted.statusCode() != 202) {
            throw new DemoFailure("intake responded with " + accepted.statusCode() + ": " + accepted.body());
        }

        Instant started = Instant.now();
        Instant deadline = started.plus(EXCHANGE_TIMEOUT);
        DemoLedger senderLedger = new DemoLedger(sender.databaseUrl());
        DemoLedger receiverLedger = new DemoLedger(receiver.databaseUrl());
        Set<String> acknowledged = new HashSet<>();
        Map<String, String> lastStatus = new LinkedHashMap<>();
        while (Instant.now().isBefore(deadline)) {
            for (DemoGateway gateway : List.of(sender, receiver)) {
                if (!gateway.alive()) {
                    throw new DemoFailure("the " + gateway.county() + " gateway stopped during the exchange; see " + gateway.log());
                }
            }
            printRows(sender.county(), senderLedger.newRows(messageId));
            printRows(receiver.county(), receiverLedger.newRows(messageId));
            acknowledgeWaiting(receiver, messageId, message, acknowledged);
            if (allAcknowledged(sender, messageId, lastStatus)) {
                printRows(sender.county(), senderLedger.newRows(messageId));
                printRows(receiver.county(), receiverLedger.newRows(messageId));
                System.out.printf("%nexchange complete in %.1f s: every recipient acknowledged, and the signed receipts are stored at %s%n",
                        Duration.between(started, Instant.now()).toMillis() / 1000.0, sender.county());
                return true;
            }
            Thread.sleep(250);
        }
        throw new DemoFailure("the exchange did not complete within " + EXCHANGE_TIMEOUT.toSeconds() + " s; last status "
                + lastStatus + "; see " + sender.log() + " and " + receiver.log());
    }

    /** Reads each recipient's inbox as its agency system would, checks the message and acknowledges it. */
    private void acknowledgeWaiting(DemoGateway receiver, String messageId, byte[] sent, Set<String> acknowledged)
            throws Exception {
        for (String agency : RECIPIENTS) {
            if (acknowledged.contains(agency)) {
                continue;
            }
            HttpResponse<String> waiting = receiver.get(agency, "/api/v1/inbox/" + messageId);
            if (waiting.statusCode() != 200) {
                continue;
            }
            int sentEntries = json.readTree(sent).path("entry").size();
            JsonNode received = json.readTree(waiting.body());
            boolean withheld = received.path("entry").valueStream()
                    .noneMatch(entry -> WITHHELD_ENTRY.equals(entry.path("fullUrl").asString()));
            System.out.printf("  %-13s in inbox of %s: %d of the %d entries sent (the Consent-less mental-health Observation %s)%n",
                    receiver.county(), agency, received.path("entry").size(), sentEntries,
                    withheld ? "was withheld" : "WAS NOT WITHHELD");
            if (!withheld) {
                throw new DemoFailure("the inbox of " + agency + " contains the mental-health Observation the MOU withholds");
            }
            HttpResponse<String> ack = receiver.post(agency, "/api/v1/inbox/" + messageId + "/ack", null, new byte[0]);
            if (ack.statusCode() != 200) {
                throw new DemoFailure("acknowledgement by " + agency + " failed with status " + ack.statusCode() + ": " + ack.body());
            }
            System.out.printf("  %-13s acknowledged by %s%n", receiver.county(), agency);
            acknowledged.add(agency);
        }
    }

    private boolean allAcknowledged(DemoGateway sender, String messageId, Map<String, String> lastStatus) throws Exception {
        HttpResponse<String> response = sender.get(SENDER, "/api/v1/messages/" + messageId);
        if (response.statusCode() != 200) {
            return false;
        }
        boolean all = true;
        for (JsonNode recipient : json.readTree(response.body()).path("recipients")) {
            String agency = recipient.path("agency").asString();
            String status = recipient.path("status").asString();
            if (!status.equals(lastStatus.put(agency, status))) {
                System.out.printf("  %-13s status for %s: %s%s%n", sender.county(), agency, status,
                        recipient.path("reasonCode").isString() ? " (" + recipient.path("reasonCode").asString() + ")" : "");
            }
            if ("failed".equals(status)) {
                throw new DemoFailure("delivery to " + agency + " failed: " + recipient.path("reasonCode").asString());
            }
            all &= "acknowledged".equals(status);
        }
        return all && lastStatus.size() == RECIPIENTS.size();
    }

    private static void printRows(String county, List<DemoLedger.Row> rows) {
        for (DemoLedger.Row row : rows) {
            System.out.printf("  %-13s ledger #%-3d %-16s %-7s %s -> %s%s%s%n", county, row.seq(), row.event(),
                    row.decision(), row.sender(), row.recipient() == null ? "(gateway)" : row.recipient(),
                    row.reason() == null ? "" : " reason=" + row.reason(),
                    row.digest() == null ? "" : " " + row.digest().substring(0, Math.min(23, row.digest().length())) + "...");
        }
    }

    private void keepRunning(List<DemoGateway> gateways, Path certsDir) throws InterruptedException {
        DemoGateway alameda = gateways.get(0);
        DemoGateway contraCosta = gateways.get(1);
        Path client = certsDir.resolve("contra-costa/clients/contra-costa.probation");
        System.out.println();
        System.out.println("The gateways keep running; press Ctrl-C to stop them" + (keycloak ? " and Keycloak." : "."));
        System.out.println("  alameda:      " + alameda.uri("/api/v1"));
        System.out.println("  contra-costa: " + contraCosta.uri("/api/v1"));
        System.out.println("Read the contra-costa probation inbox as its agency system would:");
        if (keycloak) {
            System.out.println("  TOKEN=$(bin/keycloak token --client contra-costa.probation)");
            System.out.println("  curl --cacert " + certsDir.resolve("root-ca.crt") + " -H \"Authorization: Bearer $TOKEN\" "
                    + contraCosta.uri("/api/v1/inbox"));
        } else {
            System.out.println("  curl --cacert " + certsDir.resolve("root-ca.crt") + " --cert " + client + ".crt --key " + client
                    + ".key " + contraCosta.uri("/api/v1/inbox"));
        }
        while (true) {
            for (DemoGateway gateway : gateways) {
                if (!gateway.alive()) {
                    throw new DemoFailure("the " + gateway.county() + " gateway stopped; see " + gateway.log()
                            + "; the other gateway is stopped too");
                }
            }
            Thread.sleep(1000);
        }
    }

    /** Returns the example message with a new message id, so that every run sends a new message. */
    private static byte[] exampleMessage() throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new DemoFailure(EXAMPLE + " is missing from the gateway jar; rebuild it with ./mvnw package");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The receiving gateway refuses a message whose Bundle.timestamp is outside its time window.
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            return text.replace(EXAMPLE_MESSAGE_ID, UUID.randomUUID().toString())
                    .replace(EXAMPLE_TIMESTAMP, now)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Deletes what {@code certs init} wrote, keeping the folder's README. */
    private static void deleteGeneratedKeys(Path certsDir) throws IOException {
        if (!Files.isDirectory(certsDir)) {
            return;
        }
        List<Path> generated = new ArrayList<>();
        try (Stream<Path> children = Files.list(certsDir)) {
            children.filter(path -> !path.getFileName().toString().equals("README.md")).forEach(generated::add);
        }
        for (Path path : generated) {
            deleteTree(path);
        }
    }

    /** A demo step failed; the message names the step and the log to read. */
    static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }

    private static boolean ready(DemoGateway gateway, String agency) {
        try {
            return gateway.get(agency, "/api/v1/inbox").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
