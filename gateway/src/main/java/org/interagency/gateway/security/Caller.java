package org.interagency.gateway.security;

/**
 * Who is calling: an agency system ({@code urn:agency:<id>} in its client certificate) or a
 * partner gateway ({@code urn:gateway:<county>}).
 */
public record Caller(Kind kind, String id) {

    /** The two kinds of callers and the role each is granted. */
    public enum Kind {
        AGENCY_SYSTEM("ROLE_AGENCY_SYSTEM"),
        PEER_GATEWAY("ROLE_PEER_GATEWAY");

        private final String role;

        Kind(String role) {
            this.role = role;
        }

        /** Returns the Spring Security authority of this kind. */
        public String role() {
            return role;
        }
    }

    @Override
    public String toString() {
        return (kind == Kind.AGENCY_SYSTEM ? "urn:agency:" : "urn:gateway:") + id;
    }
}
