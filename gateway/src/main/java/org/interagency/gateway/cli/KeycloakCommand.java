package org.interagency.gateway.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/gateway keycloak} (and {@code bin/keycloak}): the development Keycloak server. */
@Command(name = "keycloak", mixinStandardHelpOptions = true,
        description = "Run a DEVELOPMENT-ONLY Keycloak on 127.0.0.1 with the realms of docs/keycloak.",
        subcommands = {KeycloakCommand.Start.class, KeycloakCommand.Stop.class, KeycloakCommand.Status.class,
            KeycloakCommand.Token.class})
final class KeycloakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return GatewayCommand.missingCommand(spec);
    }

    /** {@code keycloak start}: fetches Keycloak on first use, starts it and waits until it is ready. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start Keycloak in the background with fresh data; the first start fetches it through Maven.")
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "N", description = "HTTP port on 127.0.0.1 (default: a free port).")
        Integer port;

        @Override
        public Integer call() throws Exception {
            KeycloakServer server = new KeycloakServer(GatewayCommand.home());
            int chosen = port != null ? port : DemoGateway.freePort();

            server.start(chosen);

            spec.commandLine().getOut().println("Keycloak " + KeycloakServer.VERSION + " is ready on http://127.0.0.1:" + chosen
                    + " (log: " + server.log() + "); stop it with 'bin/keycloak stop'");
            for (String realm : KeycloakServer.REALMS) {
                spec.commandLine().getOut().println("  issuer of realm " + realm + ": " + KeycloakServer.issuer(chosen, realm));
            }
            return 0;
        }
    }

    /** {@code keycloak stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the Keycloak that 'start' started.")
    static final class Stop implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            boolean stopped = new KeycloakServer(GatewayCommand.home()).stop();
            spec.commandLine().getOut().println(stopped ? "Keycloak stopped" : "no Keycloak was running");
            return 0;
        }
    }

    /** {@code keycloak status}: exit code 0 when running, 3 when not. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print whether Keycloak runs and on which port; exit code 0 when it runs, 3 when not.")
    static final class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            KeycloakServer server = new KeycloakServer(GatewayCommand.home());
            if (server.port().isEmpty()) {
                spec.commandLine().getOut().println("Keycloak is not running");
                return 3;
            }
            spec.commandLine().getOut().println("Keycloak is running on http://127.0.0.1:" + server.port().get()
                    + " (pid " + server.running().orElseThrow().pid() + ")");
            return 0;
        }
    }

    /** {@code keycloak token}: prints an access token of an agency client, for trying the API with curl. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print an access token of the running Keycloak for an agency client, such as alameda.probation.")
    static final class Token implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--client", required = true, paramLabel = "ID", description = "Client id of the agency system, such as alameda.probation.")
        String client;

        @Option(names = "--realm", paramLabel = "NAME", description = "Realm (default: the county, the part of the client id before the first dot).")
        String realm;

        @Override
        public Integer call() throws Exception {
            int port = new KeycloakServer(GatewayCommand.home()).port().orElseThrow(() -> new IllegalStateException(
                    "Keycloak is not running; start it with 'bin/keycloak start'"));
            String chosenRealm = realm != null ? realm : client.substring(0, Math.max(0, client.indexOf('.')));
            URI issuer = KeycloakServer.issuer(port, chosenRealm);

            spec.commandLine().getOut().println(KeycloakTokens.clientCredentials(issuer, client, KeycloakTokens.developmentSecret(client)));
            return 0;
        }
    }
}
