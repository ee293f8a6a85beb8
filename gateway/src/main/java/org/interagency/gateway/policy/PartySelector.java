package org.interagency.gateway.policy;

import java.util.List;
import org.interagency.gateway.directory.Agency;

/** Selects agencies in an MOU clause: one agency by id, or every agency of a kind in the named counties. */
public record PartySelector(String agency, String kind, List<String> counties) {

    /** Returns whether {@code candidate} is selected. */
    public boolean matches(Agency candidate) {
        if (agency != null) {
            return agency.equals(candidate.id());
        }
        return kind != null && kind.equals(candidate.kind()) && counties != null && counties.contains(candidate.county());
    }

    @Override
    public String toString() {
        return agency != null ? agency : kind + " in " + counties;
    }
}
