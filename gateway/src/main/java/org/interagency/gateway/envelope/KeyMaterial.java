package org.interagency.gateway.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Loads keys and certificates from PKCS#12, PEM and DER files, and writes PEM files.
 * Load failures raise a {@link GatewayException} with code {@code KEY_UNAVAILABLE} that
 * names the file and never the password.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** Loads the single key entry of a PKCS#12 file as a signing key with its chain. */
    public static SigningIdentity loadSigningIdentity(Path pkcs12File, char[] password) {
        KeyStore.PrivateKeyEntry entry = loadKeyEntry(pkcs12File, password);
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : entry.getCertificateChain()) {
            chain.add((X509Certificate) certificate);
        }
        return new SigningIdentity(entry.getPrivateKey(), chain.get(0), chain);
    }

    /** Loads the single key entry of a PKCS#12 file as a decryption key. */
    public static DecryptionKey loadDecryptionKey(Path pkcs12File, char[] password) {
        KeyStore.PrivateKeyEntry entry = loadKeyEntry(pkcs12File, password);
        return new DecryptionKey(entry.getPrivateKey(), (X509Certificate) entry.getCertificate());
    }

    /** Reads every X.509 certificate of a PEM file (one or more blocks) or a DER file. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE,
                    "Cannot read certificates from " + file + ": " + e.getMessage(), e);
        }

        if (certificates.isEmpty()) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, "No certificate found in " + file);
        }
        return List.copyOf(certificates);
    }

    /** Reads the first certificate of a PEM or DER file, which for a chain file is the leaf. */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /** Writes the certificates as PEM blocks in list order, replacing an existing file. */
    public static void writeCertificatesPem(Path file, List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * Writes the key as an unencrypted PKCS#8 PEM block ({@code BEGIN PRIVATE KEY}) that
     * OpenSSL and curl read, readable by the owner only where the file system allows.
     */
    public static void writePrivateKeyPem(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
        writeOwnerOnly(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes a file that contains a private key, replacing an existing one. On a POSIX file
     * system the file is created with mode 0600 before any byte is written, so the key is
     * never readable by others; elsewhere it gets the file system's default permissions.
     */
    public static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, bytes);
    }

    private static KeyStore.PrivateKeyEntry loadKeyEntry(Path pkcs12File, char[] password) {
        try (InputStream in = Files.newInputStream(pkcs12File)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);

            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            // With several key entries the choice would depend on the keystore's alias order.
            if (keyAliases.size() != 1) {
                throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, "Expected exactly one key entry in "
                        + pkcs12File + " but found " + keyAliases.size() + ": " + keyAliases);
            }
            return (KeyStore.PrivateKeyEntry) store.getEntry(keyAliases.get(0), new KeyStore.PasswordProtection(password));
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.KEY_UNAVAILABLE,
                    "Cannot load the PKCS#12 file " + pkcs12File + ": " + e.getMessage(), e);
        }
    }
}
