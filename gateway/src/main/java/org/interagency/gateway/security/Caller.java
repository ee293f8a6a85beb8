package org.interagency.gateway.security;

/**
 * Who is calling and in which role. The id is the agency id of an agency system, the county
 * id of a partner gateway, and the county id (development certificates) or user name (tokens)
 * of a compliance officer or gateway administrator.
 */
public record Caller(Kind kind, String id) {

    /** The kinds of callers and the role each is granted. */
    public enum Kind {
        AGENCY_SYSTEM("ROLE_AGENCY_SYSTEM", "urn:agency:"),
        COMPLIANCE_OFFICER("ROLE_COMPLIANCE_OFFICER", "urn:compliance-officer:"),
        GATEWAY_ADMIN("ROLE_GATEWAY_ADMIN", "urn:gateway-admin:"),
        PEER_GATEWAY("ROLE_PEER_GATEWAY", "urn:gateway:");

        private final String role;
        private final String prefix;

        Kind(String role, String prefix) {
            this.role = role;
            this.prefix = prefix;
        }

        /** Returns the Spring Security authority of this kind. */
        public String role() {
            return role;
        }
    }

    @Override
    public String toString() {
        return kind.prefix + id;
    }
}
