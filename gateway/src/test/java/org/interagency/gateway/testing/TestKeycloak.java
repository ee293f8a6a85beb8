package org.interagency.gateway.testing;

import java.io.IOException;
import java.net.URI;
import org.interagency.gateway.cli.KeycloakServer;
import org.interagency.gateway.cli.KeycloakTokens;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development Keycloak with the realms of {@code docs/keycloak}, started once per test run
 * on a free loopback port and stopped when the run ends. A Keycloak left running by
 * {@code bin/keycloak start} in the same project folder is stopped first, because both use
 * the same data folder.
 */
public final class TestKeycloak implements ExtensionContext.Store.CloseableResource {

    private static final Logger log = LoggerFactory.getLogger(TestKeycloak.class);

    private final KeycloakServer server;
    private final int port;

    private TestKeycloak(KeycloakServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Returns the Keycloak of this test run, starting it on first use. */
    public static TestKeycloak get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestKeycloak.class, key -> start(), TestKeycloak.class);
    }

    /** Returns the issuer of {@code realm}, as tokens name it. */
    public URI issuer(String realm) {
        return KeycloakServer.issuer(port, realm);
    }

    public int port() {
        return port;
    }

    /** Returns a client-credentials token of the confidential client {@code clientId} of {@code realm}. */
    public String token(String realm, String clientId) {
        return KeycloakTokens.clientCredentials(issuer(realm), clientId, KeycloakTokens.developmentSecret(clientId));
    }

    /** Returns a token of a person of realm alameda, by the password grant of the console client. */
    public String personToken(String username, String password) {
        return KeycloakTokens.password(issuer("alameda"), KeycloakTokens.CONSOLE_CLIENT, username, password);
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static TestKeycloak start() {
        try {
            KeycloakServer server = new KeycloakServer(GatewayPair.projectHome());
            if (server.stop()) {
                log.warn("stopped a Keycloak that was running from this project folder, because the tests need its data folder");
            }
            int port = GatewayPair.freePort();
            server.start(port);
            return new TestKeycloak(server, port);
        } catch (IOException e) {
            throw new IllegalStateException("the test Keycloak could not be started", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the test Keycloak started", e);
        }
    }
}
