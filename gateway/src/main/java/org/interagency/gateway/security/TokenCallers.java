package org.interagency.gateway.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.interagency.gateway.directory.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a validated bearer token into the same {@link Caller} a client certificate gives, so
 * that controllers need not know how the caller authenticated. The kind comes from the roles
 * Keycloak writes into {@code realm_access.roles} and {@code resource_access.<client>.roles}.
 * A token must carry exactly one of the gateway's roles: one identity that could both send
 * messages and read the audit ledger would undo the separation of duties between them.
 */
final class TokenCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private static final Logger log = LoggerFactory.getLogger(TokenCallers.class);

    private final Directory directory;
    private final String county;
    private final SecurityProperties.Tokens settings;

    TokenCallers(Directory directory, String county, SecurityProperties.Tokens settings) {
        this.directory = directory;
        this.county = county;
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Caller.Kind kind = kind(jwt);

        Caller caller = kind == Caller.Kind.AGENCY_SYSTEM
                ? new Caller(kind, agency(jwt))
                : new Caller(kind, username(jwt));

        log.debug("bearer token of client {} authenticated as {}", jwt.getClaimAsString("azp"), caller);
        return UsernamePasswordAuthenticationToken.authenticated(caller, null, List.of(new SimpleGrantedAuthority(kind.role())));
    }

    private Caller.Kind kind(Jwt jwt) {
        Set<String> roles = roles(jwt);
        Set<Caller.Kind> kinds = EnumSet.noneOf(Caller.Kind.class);
        for (Caller.Kind kind : Caller.Kind.values()) {
            if (kind.tokenRole() != null && roles.contains(kind.tokenRole())) {
                kinds.add(kind);
            }
        }

        if (kinds.size() != 1) {
            throw rejected("the token of client " + jwt.getClaimAsString("azp") + " carries " + (kinds.isEmpty() ? "none" : kinds.size())
                    + " of the gateway roles " + tokenRoles() + "; grant the client or user exactly one");
        }
        return kinds.iterator().next();
    }

    /** Returns the realm roles and the roles of the gateway's own client. */
    private Set<String> roles(Jwt jwt) {
        Set<String> roles = new HashSet<>(stringList(objectClaim(jwt, "realm_access"), "roles"));
        if (objectClaim(jwt, "resource_access").get(settings.getClientId()) instanceof Map<?, ?> client) {
            roles.addAll(stringList(client, "roles"));
        }
        return roles;
    }

    /** Returns a JSON object claim, empty when the token lacks it, and rejects the token when it is not an object. */
    private static Map<String, Object> objectClaim(Jwt jwt, String name) {
        try {
            Map<String, Object> claim = jwt.getClaimAsMap(name);
            return claim == null ? Map.of() : claim;
        } catch (IllegalArgumentException e) {
            throw rejected("the claim '" + name + "' of the token of client " + jwt.getClaimAsString("azp") + " is not a JSON object");
        }
    }

    private String agency(Jwt jwt) {
        String agency = jwt.getClaimAsString(settings.getAgencyClaim());
        if (agency == null || agency.isBlank()) {
            throw rejected("the token of client " + jwt.getClaimAsString("azp") + " has the role agency-system but no '"
                    + settings.getAgencyClaim() + "' claim; add a mapper that writes the agency id, such as alameda.probation");
        }
        if (directory.agency(agency).filter(found -> found.county().equals(county)).isEmpty()) {
            throw rejected("the token names agency '" + agency + "', which is not an agency of county " + county
                    + " in the directory");
        }
        return agency;
    }

    private static String username(Jwt jwt) {
        String username = jwt.getClaimAsString("preferred_username");
        return username == null || username.isBlank() ? jwt.getSubject() : username;
    }

    private static Collection<String> stringList(Map<?, ?> claim, String key) {
        if (claim == null || !(claim.get(key) instanceof Collection<?> values)) {
            return List.of();
        }
        return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static String tokenRoles() {
        return Arrays.stream(Caller.Kind.values()).map(Caller.Kind::tokenRole).filter(role -> role != null)
                .collect(Collectors.joining(", "));
    }

    private static InvalidBearerTokenException rejected(String reason) {
        return new InvalidBearerTokenException(reason);
    }
}
