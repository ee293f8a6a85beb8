package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** The mapping from token claims to a {@link Caller}, without a provider: claims are set by hand. */
class TokenCallersTest {

    private final Directory directory = new Directory("test-network", List.of(
            county("alameda", new Agency("alameda.probation", "Probation", "probation", "alameda", true)),
            county("contra-costa", new Agency("contra-costa.probation", "Probation", "probation", "contra-costa", true))),
            List.of());
    private final TokenCallers callers = new TokenCallers(directory, "alameda", new SecurityProperties.Tokens());

    @Test
    void realmRoleAndAgencyClaimMakeAgencySystem() {
        AbstractAuthenticationToken authentication = callers.convert(jwt(Map.of(
                "realm_access", Map.of("roles", List.of("agency-system", "offline_access")),
                "agency", "alameda.probation")));

        assertThat(authentication.getPrincipal()).isEqualTo(new Caller(Caller.Kind.AGENCY_SYSTEM, "alameda.probation"));
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_AGENCY_SYSTEM");
    }

    @Test
    void clientRoleOfGatewayClientCounts() {
        AbstractAuthenticationToken authentication = callers.convert(jwt(Map.of(
                "resource_access", Map.of("interagency-gateway", Map.of("roles", List.of("agency-system"))),
                "agency", "alameda.probation")));

        assertThat(authentication.getPrincipal()).isEqualTo(new Caller(Caller.Kind.AGENCY_SYSTEM, "alameda.probation"));
    }

    @Test
    void clientRoleOfAnotherClientDoesNotCount() {
        Jwt jwt = jwt(Map.of(
                "resource_access", Map.of("account", Map.of("roles", List.of("agency-system"))),
                "agency", "alameda.probation"));

        assertThatThrownBy(() -> callers.convert(jwt)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("carries none of the gateway roles");
    }

    @Test
    void officerIsNamedByUserName() {
        AbstractAuthenticationToken authentication = callers.convert(jwt(Map.of(
                "realm_access", Map.of("roles", List.of("compliance-officer")),
                "preferred_username", "compliance-officer")));

        assertThat(authentication.getPrincipal()).isEqualTo(new Caller(Caller.Kind.COMPLIANCE_OFFICER, "compliance-officer"));
    }

    @Test
    void twoGatewayRolesAreRejected() {
        Jwt jwt = jwt(Map.of(
                "realm_access", Map.of("roles", List.of("agency-system", "compliance-officer")),
                "agency", "alameda.probation"));

        assertThatThrownBy(() -> callers.convert(jwt)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("carries 2 of the gateway roles");
    }

    @Test
    void agencyOfAnotherCountyIsRejected() {
        Jwt jwt = jwt(Map.of(
                "realm_access", Map.of("roles", List.of("agency-system")),
                "agency", "contra-costa.probation"));

        assertThatThrownBy(() -> callers.convert(jwt)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("not an agency of county alameda");
    }

    @Test
    void unknownAgencyIsRejected() {
        Jwt jwt = jwt(Map.of(
                "realm_access", Map.of("roles", List.of("agency-system")),
                "agency", "alameda.nobody"));

        assertThatThrownBy(() -> callers.convert(jwt)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("alameda.nobody");
    }

    @Test
    void rolesClaimThatIsNoObjectIsRejected() {
        Jwt jwt = jwt(Map.of("realm_access", "agency-system", "agency", "alameda.probation"));

        assertThatThrownBy(() -> callers.convert(jwt)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("'realm_access'");
    }

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("not-a-real-token")
                .header("alg", "RS256")
                .subject("0a1b2c3d")
                .claim("azp", "test-client")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    private static County county(String id, Agency... agencies) {
        return new County(id, id, URI.create("https://127.0.0.1:8443"), List.of(), List.of(agencies));
    }
}
