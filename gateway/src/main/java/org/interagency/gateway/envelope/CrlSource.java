package org.interagency.gateway.envelope;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the CRLs for a certification path: every CRL file of the trust folder, and the
 * CRLs behind the HTTP CRL distribution points (RFC 5280, section 4.2.1.13) of the path's
 * certificates. A downloaded CRL is kept until its nextUpdate; a failed download is logged and
 * skipped, so the PKIX revocation check then reports the status as undetermined.
 */
final class CrlSource {

    private static final Logger log = LoggerFactory.getLogger(CrlSource.class);

    /** Largest CRL accepted from a distribution point, so a hostile server cannot exhaust the heap. */
    private static final int MAX_CRL_BYTES = 10 * 1024 * 1024;

    private final Path folder;
    private final boolean fetchDistributionPoints;
    private final Duration timeout;
    private final Map<URI, X509CRL> downloaded = new ConcurrentHashMap<>();
    private final HttpClient http;

    CrlSource(Path folder, boolean fetchDistributionPoints, Duration timeout) {
        this.folder = folder;
        this.fetchDistributionPoints = fetchDistributionPoints;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Returns whether any CRL source applies to the path: a configured folder or an HTTP distribution point. */
    boolean appliesTo(List<X509Certificate> path) {
        if (folder != null) {
            return true;
        }
        return fetchDistributionPoints && path.stream().anyMatch(certificate -> !httpDistributionPoints(certificate).isEmpty());
    }

    /** Returns the CRLs of the folder and of the path's distribution points, read now. */
    List<X509CRL> crlsFor(List<X509Certificate> path, Instant now) {
        List<X509CRL> crls = new ArrayList<>(folderCrls());
        if (fetchDistributionPoints) {
            for (X509Certificate certificate : path) {
                for (URI uri : httpDistributionPoints(certificate)) {
                    X509CRL crl = download(uri, now);
                    if (crl != null) {
                        crls.add(crl);
                    }
                }
            }
        }
        return crls;
    }

    // NOTE: the folder is read on every verification, which keeps replaced CRL files current
    // at the cost of file reads; a folder with many large CRLs would want a cache by file time.
    private List<X509CRL> folderCrls() {
        if (folder == null) {
            return List.of();
        }
        List<X509CRL> crls = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{crl,pem}")) {
            for (Path file : files) {
                crls.addAll(readCrls(file));
            }
        } catch (IOException e) {
            throw new SignerRevocationUnknownException("Cannot read the CRL folder " + folder
                    + " (setting gateway.envelope.crl-folder): " + e.getMessage(), e);
        }
        return crls;
    }

    private static List<X509CRL> readCrls(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new SignerRevocationUnknownException("Cannot read the CRL file " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<X509CRL> parse(InputStream in) throws GeneralSecurityException {
        List<X509CRL> crls = new ArrayList<>();
        for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
            crls.add((X509CRL) crl);
        }
        return crls;
    }

    private X509CRL download(URI uri, Instant now) {
        X509CRL cached = downloaded.get(uri);
        if (cached != null && cached.getNextUpdate() != null && now.isBefore(cached.getNextUpdate().toInstant())) {
            return cached;
        }

        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length > MAX_CRL_BYTES) {
                log.warn("CRL download from {} failed: status {}, {} bytes", uri, response.statusCode(), response.body().length);
                return null;
            }
            List<X509CRL> crls = parse(new ByteArrayInputStream(response.body()));
            if (crls.size() != 1) {
                log.warn("CRL download from {} returned {} CRLs, expected one", uri, crls.size());
                return null;
            }
            downloaded.put(uri, crls.get(0));
            return crls.get(0);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            log.warn("CRL download from {} failed: {}", uri, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Returns the http: URIs of the certificate's CRL distribution points; LDAP and others are skipped. */
    static List<URI> httpDistributionPoints(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return List.of();
        }

        List<URI> uris = new ArrayList<>();
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                continue;
            }
            for (GeneralName generalName : GeneralNames.getInstance(name.getName()).getNames()) {
                if (generalName.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String uri = generalName.getName().toString();
                    if (uri.startsWith("http://")) {
                        addUri(uris, uri, certificate);
                    }
                }
            }
        }
        return uris;
    }

    private static void addUri(List<URI> uris, String uri, X509Certificate certificate) {
        try {
            uris.add(new URI(uri));
        } catch (java.net.URISyntaxException e) {
            log.warn("Skipping the invalid CRL distribution point {} of {}", uri, Certificates.describe(certificate));
        }
    }
}
