package org.interagency.gateway.security;

/**
 * Who is calling and in which role. The id is the agency id of an agency system, the county
 * id of a partner gateway, and the county id (development certificates) or user name (tokens)
 * of a compliance officer or gateway administrator.
 */
public record Caller(Kind kind, String id) {

    /** The kinds of callers and the role each is granted. */
    public enum Kind {
        AGENCY_SYSTEM("ROLE_AGENCY_SYSTEM", "urn:agency:", "agency-system"),
        COMPLIANCE_OFFICER("ROLE_COMPLIANCE_OFFICER", "urn:compliance-officer:", "compliance-officer"),
        GATEWAY_ADMIN("ROLE_GATEWAY_ADMIN", "urn:gateway-admin:", "gateway-admin"),
        // Partner gateways authenticate with TLS client certificates only, so no token role grants this kind.
        PEER_GATEWAY("ROLE_PEER_GATEWAY", "urn:gateway:", null);

        private final String role;
        private final String prefix;
        private final String tokenRole;

        Kind(String role, String prefix, String tokenRole) {
            this.role = role;
            this.prefix = prefix;
            this.tokenRole = tokenRole;
        }

        /** Returns the Spring Security authority of this kind. */
        public String role() {
            return role;
        }

        /** Returns the realm or client role of a bearer token that grants this kind, or null for none. */
        public String tokenRole() {
            return tokenRole;
        }
    }

    @Override
    public String toString() {
        return kind.prefix + id;
    }
}
