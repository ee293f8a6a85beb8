package org.interagency.gateway.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The content of an envelope that passed decryption, signature and signer checks, kept in
 * an owner-only file of the work folder. {@link EnvelopeOpener} creates the handle only after
 * every check passed; {@link #close()} deletes the file.
 */
public final class OpenedEnvelopeFile implements AutoCloseable {

    private final Path content;
    private final X509Certificate signer;
    private final String signerAgencyId;
    private final Instant signingTime;

    OpenedEnvelopeFile(Path content, X509Certificate signer, String signerAgencyId, Instant signingTime) {
        this.content = content;
        this.signer = signer;
        this.signerAgencyId = signerAgencyId;
        this.signingTime = signingTime;
    }

    /** Returns the file that contains the signed content, exactly as the sender sealed it. */
    public Path content() {
        return content;
    }

    /** Opens the signed content for reading. */
    public InputStream openContent() throws IOException {
        return Files.newInputStream(content);
    }

    /** Returns the size of the signed content in bytes. */
    public long contentSize() {
        try {
            return Files.size(content);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the size of " + content + " failed", e);
        }
    }

    /** Returns the signer certificate, validated to a trust anchor. */
    public X509Certificate signer() {
        return signer;
    }

    /** Returns the agency id from the signer's {@code urn:agency:} URI. */
    public String signerAgencyId() {
        return signerAgencyId;
    }

    /** Returns the signing-time signed attribute. */
    public Instant signingTime() {
        return signingTime;
    }

    /** Deletes the content file. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(content);
    }

    /** Names the signer and the file only, so that the content never reaches a log line. */
    @Override
    public String toString() {
        return "OpenedEnvelopeFile[agency=" + signerAgencyId + ", " + Certificates.describe(signer)
                + ", signingTime=" + signingTime + ", file=" + content.getFileName() + "]";
    }
}
