package org.interagency.gateway.cli;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Client-credentials tokens of the demo agency systems, one realm per county on the
 * development Keycloak. A token is reused for a minute; the realms issue tokens valid for five.
 */
final class DemoTokens {

    private static final Duration REUSE = Duration.ofMinutes(1);

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

    /** Returns a valid token of {@code agency}'s client in the realm of {@code county}. */
    synchronized String token(String county, String agency) {
        Instant at = fetched.get(agency);
        if (at == null || at.plus(REUSE).isBefore(Instant.now())) {
            tokens.put(agency, KeycloakTokens.clientCredentials(issuer(county), agency, KeycloakTokens.developmentSecret(agency)));
            fetched.put(agency, Instant.now());
        }
        return tokens.get(agency);
    }
}
