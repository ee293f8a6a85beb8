package org.interagency.gateway.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tokens of the demo agency systems (client credentials) and compliance officers (password),
 * one realm per county on the development Keycloak. A token is reused for a minute; the realms issue tokens valid for five.
 */
final class DemoTokens {

    private static final Duration REUSE = Duration.ofMinutes(1);
    private static final String OFFICER = "compliance-officer";
    private static final String OFFICER_PASSWORD = "dev-only-officer-password";

    private final int port;
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, Instant> fetched = new HashMap<>();

    DemoTokens(int port) {
        this.port = port;
    }

    /** Returns the issuer of the realm of {@code county}. */
    URI issuer(String county) {
        return KeycloakServer.issuer(port, county);
    }

    /**
     * Returns a valid token of {@code caller} in the realm of {@code county}: the client of an
     * agency system, or the compliance officer, a person who signs in with the development
     * password of docs/security.md.
     */
    synchronized String token(String county, String caller) {
        String key = county + "/" + caller;
        Instant at = fetched.get(key);
        if (at == null || at.plus(REUSE).isBefore(Instant.now())) {
            tokens.put(key, caller.equals(OFFICER)
                    ? KeycloakTokens.password(issuer(county), KeycloakTokens.CONSOLE_CLIENT, OFFICER, OFFICER_PASSWORD)
                    : KeycloakTokens.clientCredentials(issuer(county), caller, KeycloakTokens.developmentSecret(caller)));
            fetched.put(key, Instant.now());
        }
        return tokens.get(key);
    }
}
