package org.interagency.gateway.directory;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A county of the network with its gateway. The first encryption certificate is the one
 * senders encrypt to; more than one appear while the gateway rotates keys.
 */
public record County(String id, String name, URI endpoint, List<X509Certificate> encryptionCertificates,
        List<Agency> agencies) {
}
