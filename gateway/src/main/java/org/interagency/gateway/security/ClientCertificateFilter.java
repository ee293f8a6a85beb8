package org.interagency.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.CertificateUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates callers by the TLS client certificate the server already verified against the
 * trust store. The certificate's URI subject alternative name says who it is; the name must
 * be an agency of this gateway's county, this county's compliance officer or gateway
 * administrator, or a county of the directory. A partner gateway's certificate must also be
 * issued by the CA that issued its county's encryption certificates in the directory
 * ({@link PeerCertificates}). Anything else stays unauthenticated.
 */
public class ClientCertificateFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientCertificateFilter.class);

    private final Directory directory;
    private final String county;

    /** Creates the filter of the gateway of {@code county}, whose agencies alone may use its API. */
    public ClientCertificateFilter(Directory directory, String county) {
        this.directory = directory;
        this.county = county;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] certificates = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (certificates != null && certificates.length > 0) {
            caller(certificates).ifPresent(caller -> SecurityContextHolder.getContext().setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(caller, null,
                            List.of(new SimpleGrantedAuthority(caller.kind().role())))));
        }
        chain.doFilter(request, response);
    }

    private Optional<Caller> caller(X509Certificate[] chain) {
        X509Certificate certificate = chain[0];
        for (String name : CertificateUris.uris(certificate)) {
            if (name.startsWith(CertificateUris.AGENCY_PREFIX)) {
                String agency = name.substring(CertificateUris.AGENCY_PREFIX.length());
                if (directory.agency(agency).filter(found -> found.county().equals(county)).isPresent()) {
                    return Optional.of(new Caller(Caller.Kind.AGENCY_SYSTEM, agency));
                }
            }
            if (name.equals(CertificateUris.COMPLIANCE_OFFICER_PREFIX + county)) {
                return Optional.of(new Caller(Caller.Kind.COMPLIANCE_OFFICER, county));
            }
            if (name.equals(CertificateUris.GATEWAY_ADMIN_PREFIX + county)) {
                return Optional.of(new Caller(Caller.Kind.GATEWAY_ADMIN, county));
            }
            if (name.startsWith(CertificateUris.GATEWAY_PREFIX)) {
                String county = name.substring(CertificateUris.GATEWAY_PREFIX.length());
                Optional<County> entry = directory.county(county);
                if (entry.isPresent() && PeerCertificates.issuedByCountyCa(chain, entry.get())) {
                    return Optional.of(new Caller(Caller.Kind.PEER_GATEWAY, county));
                }
                if (entry.isPresent()) {
                    log.warn("client certificate serial={} names {} but was not issued by the CA of that county's "
                            + "encryption certificates in the directory; refused", certificate.getSerialNumber().toString(16), name);
                    return Optional.empty();
                }
            }
        }
        log.warn("client certificate serial={} names no agency or county of the directory",
                certificate.getSerialNumber().toString(16));
        return Optional.empty();
    }
}
