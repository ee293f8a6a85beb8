package org.interagency.gateway.directory;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The counties, agencies, gateway endpoints and trust anchors this gateway works with.
 * Destinations of a MessageHeader are resolved here: {@code urn:agency:<agency-id>} names an
 * agency, {@code urn:point-person:<county>:<kind>} the CSEC point person of that kind.
 */
public final class Directory {

    /** Destination endpoint prefix that names an agency directly. */
    public static final String AGENCY_URN = "urn:agency:";

    /** Destination endpoint prefix that names the point person of an agency kind in a county. */
    public static final String POINT_PERSON_URN = "urn:point-person:";

    private final String network;
    private final Map<String, County> counties = new LinkedHashMap<>();
    private final Map<String, Agency> agencies = new LinkedHashMap<>();
    private final List<X509Certificate> trustAnchors;

    public Directory(String network, List<County> counties, List<X509Certificate> trustAnchors) {
        this.network = network;
        for (County county : counties) {
            this.counties.put(county.id(), county);
            county.agencies().forEach(agency -> agencies.put(agency.id(), agency));
        }
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /** Returns the id of the network this directory describes. */
    public String network() {
        return network;
    }

    /** Returns the county with this id, if listed. */
    public Optional<County> county(String id) {
        return Optional.ofNullable(counties.get(id));
    }

    /** Returns every county, in file order. */
    public Collection<County> counties() {
        return counties.values();
    }

    /** Returns the agency with this id, if listed. */
    public Optional<Agency> agency(String id) {
        return Optional.ofNullable(agencies.get(id));
    }

    /** Returns the certificates every signature and TLS peer must chain to. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /**
     * Resolves one MessageHeader destination endpoint to an agency.
     *
     * @throws UnknownRecipientException if the endpoint has another form or names nothing listed
     */
    public Agency resolve(String endpoint) {
        if (endpoint != null && endpoint.startsWith(AGENCY_URN)) {
            String id = endpoint.substring(AGENCY_URN.length());
            return agency(id).orElseThrow(() -> new UnknownRecipientException(
                    "destination " + endpoint + " names no agency of directory " + network));
        }
        if (endpoint != null && endpoint.startsWith(POINT_PERSON_URN)) {
            return resolvePointPerson(endpoint);
        }
        throw new UnknownRecipientException("destination endpoint " + endpoint + " is neither "
                + AGENCY_URN + "<agency-id> nor " + POINT_PERSON_URN + "<county>:<agency-kind>");
    }

    private Agency resolvePointPerson(String endpoint) {
        String[] parts = endpoint.substring(POINT_PERSON_URN.length()).split(":", -1);
        if (parts.length != 2) {
            throw new UnknownRecipientException("destination " + endpoint + " is not of the form "
                    + POINT_PERSON_URN + "<county>:<agency-kind>");
        }
        String countyId = parts[0];
        String kind = parts[1];

        County county = county(countyId).orElseThrow(() -> new UnknownRecipientException(
                "destination " + endpoint + " names county " + countyId + ", which directory " + network + " does not list"));

        List<Agency> matches = county.agencies().stream()
                .filter(agency -> agency.kind().equals(kind) && agency.pointPerson())
                .toList();
        if (matches.size() != 1) {
            throw new UnknownRecipientException("destination " + endpoint + " matches " + matches.size()
                    + " point persons of kind " + kind + " in " + countyId + "; the directory must list exactly one");
        }
        return matches.get(0);
    }
}
