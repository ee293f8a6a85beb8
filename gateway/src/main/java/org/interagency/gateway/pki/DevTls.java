package org.interagency.gateway.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts from the development PKI, for the demo's and the tests' HTTPS clients. */
public final class DevTls {

    private DevTls() {
    }

    /**
     * Builds a TLS context that trusts {@code truststore} and, unless {@code clientKeystore}
     * is null, presents its key as the client certificate. Both files use {@link DevPki#PASSWORD}.
     */
    public static SSLContext clientContext(Path clientKeystore, Path truststore) {
        try {
            char[] password = DevPki.PASSWORD.toCharArray();
            KeyManagerFactory keyManagers = null;
            if (clientKeystore != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(load(clientKeystore, password), password);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(load(truststore, password));

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("development keystore " + clientKeystore + " or " + truststore
                    + " cannot be loaded (" + e.getMessage() + "); run 'bin/gateway certs init --force' for new keys", e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
