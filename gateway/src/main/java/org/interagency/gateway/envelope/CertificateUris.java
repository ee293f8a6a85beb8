package org.interagency.gateway.envelope;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the URI subject alternative names that name an agency ({@code urn:agency:<agency-id>})
 * or a county gateway ({@code urn:gateway:<county>}).
 */
public final class CertificateUris {

    /** Prefix of the URI that names the agency a message signing or client certificate belongs to. */
    public static final String AGENCY_PREFIX = "urn:agency:";

    /** Prefix of the URI that names the county of a gateway certificate. */
    public static final String GATEWAY_PREFIX = "urn:gateway:";

    /** URI of a compliance officer's development client certificate, followed by the county id. */
    public static final String COMPLIANCE_OFFICER_PREFIX = "urn:compliance-officer:";

    /** URI of a gateway administrator's development client certificate, followed by the county id. */
    public static final String GATEWAY_ADMIN_PREFIX = "urn:gateway-admin:";

    /** GeneralName tag of uniformResourceIdentifier (RFC 5280, section 4.2.1.6). */
    private static final int URI_NAME_TYPE = 6;

    private CertificateUris() {
    }

    /**
     * Returns every URI subject alternative name of the certificate, in certificate order.
     *
     * @throws IllegalArgumentException if the extension cannot be parsed
     */
    public static List<String> uris(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("Invalid subject alternative name extension in certificate "
                    + Certificates.describe(certificate), e);
        }
        if (names == null) {
            return List.of();
        }

        List<String> uris = new ArrayList<>();
        for (List<?> name : names) {
            if (((Integer) name.get(0)) == URI_NAME_TYPE) {
                uris.add((String) name.get(1));
            }
        }
        return List.copyOf(uris);
    }

    /**
     * Returns the agency id of the certificate's {@code urn:agency:} URI. Empty when there is
     * none, when the id is empty, or when there are several, because a signer must name one agency.
     */
    public static Optional<String> agencyId(X509Certificate certificate) {
        return singleSuffix(uris(certificate), AGENCY_PREFIX);
    }

    /** Returns the county of the certificate's {@code urn:gateway:} URI, with the same rules as {@link #agencyId}. */
    public static Optional<String> gatewayId(X509Certificate certificate) {
        return singleSuffix(uris(certificate), GATEWAY_PREFIX);
    }

    private static Optional<String> singleSuffix(List<String> uris, String prefix) {
        List<String> suffixes = uris.stream()
                .filter(uri -> uri.startsWith(prefix))
                .map(uri -> uri.substring(prefix.length()))
                .toList();
        if (suffixes.size() != 1 || suffixes.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(suffixes.get(0));
    }
}
