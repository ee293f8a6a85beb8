package org.interagency.gateway.envelope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Opens envelopes made by {@link EnvelopeSealer} or by {@code openssl cms -sign} followed by
 * {@code openssl cms -encrypt -aes-256-gcm}, streaming them with Bouncy Castle's parsers.
 * An AES-256-CBC EnvelopedData ({@code openssl cms -encrypt -aes-256-cbc}) opens only when
 * the caller names the delivering county and {@link AlgorithmPolicy} allows CBC from it.
 * Every other EnvelopedData cipher is rejected before anything is decrypted.
 *
 * <p>The decrypted content goes to a sink that only this class holds: a byte array, or an
 * owner-only file in the caller's work folder. Bouncy Castle releases GCM plaintext before it
 * reaches the tag, so the sink receives content before the tag and the signature are checked.
 * CBC has no tag, so for an EnvelopedData the signature over the content is the only
 * integrity check. The caller gets the content only after the tag (GCM only), the
 * signature, the signer's certification path and the signer's agency URI all passed. On any
 * failure the file is deleted.
 */
public final class EnvelopeOpener {

    /** The default maximum envelope size in bytes (64 MiB). */
    public static final long DEFAULT_MAX_ENVELOPE_SIZE = 64L * 1024 * 1024;

    /**
     * The maximum nesting of constructed ASN.1 elements. With the development PKI, sealed
     * envelopes nest 11 deep and the SignedData inside them 17 deep, so 32 leaves room for
     * other senders' encodings and longer names.
     */
    static final int MAX_NESTING_DEPTH = 32;

    /**
     * A recipient info of the envelope together with the key that matches it, and whether the
     * envelope is an AuthEnvelopedData (GCM) rather than an EnvelopedData (CBC).
     */
    private record Match(RecipientInformation recipientInfo, DecryptionKey key, boolean authenticated) {
    }

    /** The recipient infos of a parsed envelope, and whether it is an AuthEnvelopedData. */
    private record ParsedEnvelope(RecipientInformationStore recipientInfos, boolean authenticated) {
    }

    /** The signer of a streamed envelope that passed every check. */
    private record VerifiedSigner(X509Certificate signer, String agencyId, Instant signingTime) {
    }

    private final long maxEnvelopeSize;
    private final VerificationSettings settings;
    private final CmsSignatureVerifier verifier;

    /** Creates an opener with the limit {@link #DEFAULT_MAX_ENVELOPE_SIZE}. */
    public EnvelopeOpener() {
        this(DEFAULT_MAX_ENVELOPE_SIZE);
    }

    /**
     * Creates an opener that rejects envelopes longer than {@code maxEnvelopeSize} bytes.
     *
     * @throws IllegalArgumentException if the limit is not positive or does not fit an int,
     *     the largest length Bouncy Castle's ASN.1 parser accepts
     */
    public EnvelopeOpener(long maxEnvelopeSize) {
        this(maxEnvelopeSize, VerificationSettings.defaults());
    }

    /**
     * Creates an opener with a size limit and the gateway's verification settings: clock
     * skew, CRL sources, OCSP and algorithm policy.
     *
     * @throws IllegalArgumentException if the limit is not positive or does not fit an int
     */
    public EnvelopeOpener(long maxEnvelopeSize, VerificationSettings settings) {
        if (maxEnvelopeSize <= 0 || maxEnvelopeSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The maximum envelope size must be between 1 and "
                    + Integer.MAX_VALUE + " bytes, not " + maxEnvelopeSize);
        }
        this.maxEnvelopeSize = maxEnvelopeSize;
        this.settings = settings;
        this.verifier = new CmsSignatureVerifier(settings);
    }

    /**
     * Opens the envelope like {@link #open(byte[], List, Collection, Instant, String)} with no
     * delivering county, so an AES-CBC EnvelopedData is always rejected.
     */
    public OpenedEnvelope open(byte[] envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now) {
        return open(envelope, keys, trustAnchors, now, null);
    }

    /**
     * Decrypts the envelope with the matching key, verifies the SignedData inside it and
     * validates its signer to one of the trust anchors at the signing time. The content is
     * collected in memory; for large envelopes use
     * {@link #open(InputStream, List, Collection, Instant, Path, String)}.
     * NOTE: the exchange endpoint and {@code exchange.Opening} still read the whole envelope
     * into a byte array and open it here, so the gateway's inbound path is not streamed yet.
     *
     * @param envelope a DER or BER ContentInfo holding a CMS AuthEnvelopedData, or an
     *     EnvelopedData that {@link AlgorithmPolicy#checkContentEncryption} accepts
     * @param keys this gateway's decryption keys, at least one
     * @param trustAnchors the root certificates signers must chain to, at least one
     * @param now the receiver's clock, which a signing time may exceed by at most five minutes
     * @param peerCounty the county whose gateway delivered the envelope, as its TLS client
     *     certificate names it, or null when unknown, which rejects every AES-CBC envelope
     * @throws EnvelopeTooLargeException if the envelope is longer than the limit
     * @throws EnvelopeMalformedException if the input is neither an AuthEnvelopedData nor an
     *     EnvelopedData, is an AuthEnvelopedData with another cipher than AES-256-GCM, is
     *     truncated, or has length fields or nesting beyond the limits
     * @throws AlgorithmNotAllowedException if an EnvelopedData uses DES, 3DES, RC2 or another
     *     cipher than AES-256-CBC, or AES-256-CBC from a county the policy does not allow;
     *     or if the matching recipient info uses RSA PKCS#1 v1.5 or another key management
     *     algorithm the {@link AlgorithmPolicy} rejects
     * @throws EnvelopeNotForUsException if no recipient info matches one of the keys
     * @throws EnvelopeDecryptionException if key unwrapping fails, the GCM tag does not verify
     *     or the CBC padding is invalid
     * @throws SignatureInvalidException if the content is no valid single-signer SignedData
     * @throws SignerUntrustedException if the signer has no valid path to a trust anchor
     * @throws SignerNotAgencyException if the signer certificate names no single agency
     */
    public OpenedEnvelope open(byte[] envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now, String peerCounty) {
        requireInputs(keys, trustAnchors);

        ByteArrayOutputStream content = new ByteArrayOutputStream();
        VerifiedSigner signer = openInto(new ByteArrayInputStream(envelope), keys, trustAnchors, now, peerCounty,
                content);

        return new OpenedEnvelope(content.toByteArray(), signer.signer(), signer.agencyId(), signer.signingTime());
    }

    /**
     * Opens the envelope like {@link #open(InputStream, List, Collection, Instant, Path, String)}
     * with no delivering county, so an AES-CBC EnvelopedData is always rejected.
     */
    public OpenedEnvelopeFile open(InputStream envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now, Path workFolder) {
        return open(envelope, keys, trustAnchors, now, workFolder, null);
    }

    /**
     * Opens the envelope like {@link #open(byte[], List, Collection, Instant, String)} while it
     * streams, and writes the content to a new owner-only file in the work folder. The heap
     * keeps only buffers and the envelope's certificates, whatever the content size.
     *
     * @param envelope read through the encrypted content, not necessarily to its end, and not closed
     * @param workFolder a folder only this gateway can read; the content file is created
     *     here and deleted again if any check fails
     * @param peerCounty the county whose gateway delivered the envelope, or null when unknown
     * @return the verified content; closing it deletes the file
     * @throws GatewayException with {@link ErrorCode#INTERNAL} if the work folder cannot be
     *     written, and the exceptions of {@link #open(byte[], List, Collection, Instant, String)}
     */
    public OpenedEnvelopeFile open(InputStream envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now, Path workFolder, String peerCounty) {
        requireInputs(keys, trustAnchors);

        Path contentFile = createPrivateFile(workFolder);
        OpenedEnvelopeFile opened = null;
        try {
            VerifiedSigner signer;
            try (OutputStream content = Files.newOutputStream(contentFile)) {
                signer = openInto(envelope, keys, trustAnchors, now, peerCounty, content);
            }
            opened = new OpenedEnvelopeFile(contentFile, signer.signer(), signer.agencyId(), signer.signingTime());
            return opened;
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Writing the opened content to " + contentFile
                    + " failed: " + e.getMessage(), e);
        } finally {
            if (opened == null) {
                deletePrivateFile(contentFile);
            }
        }
    }

    /**
     * Streams the envelope through the decryption and the SignedData parser into the sink,
     * then checks the GCM tag or the CBC padding, and last the signature and the signer.
     */
    private VerifiedSigner openInto(InputStream envelope, List<DecryptionKey> keys,
            Collection<X509Certificate> trustAnchors, Instant now, String peerCounty, OutputStream contentSink) {
        Asn1StructureGuard outer = new Asn1StructureGuard(envelope, "envelope", maxEnvelopeSize, MAX_NESTING_DEPTH);
        ParsedEnvelope parsed = parse(outer, peerCounty);
        Match match = findRecipient(parsed, outer, keys);
        settings.algorithmPolicy().checkKeyEncryption(match.recipientInfo());
        TagCheckedStream decrypted = new TagCheckedStream(decrypt(match, outer));

        Asn1StructureGuard inner = new Asn1StructureGuard(decrypted, "decrypted SignedData", maxEnvelopeSize,
                MAX_NESTING_DEPTH);
        StreamedSignedData signedData;
        try {
            signedData = StreamedSignedData.read(new ASN1InputStream(inner, (int) maxEnvelopeSize), contentSink);
        } catch (CMSException | IOException | RuntimeException e) {
            // A flipped ciphertext byte garbles the SignedData, but a failed GCM tag or CBC
            // padding is the failure to report.
            drainAndCheckEnd(decrypted, outer, match);
            throw signedDataFailure(e, inner, match);
        }
        drainAndCheckEnd(decrypted, outer, match);

        // The parser computed the content digest while the content streamed, and the drain
        // above read it to its end, so the signer checks can run on the parts now. For CBC
        // this signature check is the only integrity check of the content.
        CmsSignatureVerifier.VerifiedSigner verified = verifier.verifySigner(
                signedData.signerInfos(), signedData.certificates(), trustAnchors, now);
        String agencyId = CertificateUris.agencyId(verified.certificate())
                .orElseThrow(() -> new SignerNotAgencyException("The signer certificate "
                        + Certificates.describe(verified.certificate()) + " has no single "
                        + CertificateUris.AGENCY_PREFIX + "<agency-id> subject alternative name"));
        return new VerifiedSigner(verified.certificate(), agencyId, verified.signingTime());
    }

    private static void requireInputs(List<DecryptionKey> keys, Collection<X509Certificate> trustAnchors) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No decryption key given; configure the gateway's encryption key");
        }
        SignedContent.requireAnchors(trustAnchors);
    }

    /**
     * Parses the ContentInfo up to the encrypted content. It accepts an AuthEnvelopedData
     * (RFC 5083) with AES-256-GCM (RFC 5084) from every county, and an EnvelopedData
     * (RFC 5652, section 6) whose cipher {@link AlgorithmPolicy#checkContentEncryption}
     * accepts for {@code peerCounty}. That check runs before any key is unwrapped. The
     * ASN1InputStream passes the size limit to Bouncy Castle's parser, which rejects longer
     * length fields itself.
     */
    private ParsedEnvelope parse(Asn1StructureGuard outer, String peerCounty) {
        ContentTypeReader.Head head;
        try {
            head = ContentTypeReader.read(outer);
        } catch (IOException | RuntimeException e) {
            throw envelopeFailure(e, outer, "The envelope is not a CMS ContentInfo");
        }

        if (CMSObjectIdentifiers.envelopedData.equals(head.contentType())) {
            return parseEnvelopedData(head.contentInfo(), outer, peerCounty);
        }
        // Every other input, readable or not, goes to the AuthEnvelopedData parser, which
        // rejects other content types and reports malformed DER with the guard's findings.
        return parseAuthEnvelopedData(head.contentInfo(), outer);
    }

    private ParsedEnvelope parseAuthEnvelopedData(InputStream contentInfo, Asn1StructureGuard outer) {
        CMSAuthEnvelopedDataParser parser;
        try {
            parser = new CMSAuthEnvelopedDataParser(new ASN1InputStream(contentInfo, (int) maxEnvelopeSize));
        } catch (CMSException | IOException | RuntimeException e) {
            throw envelopeFailure(e, outer, "The envelope is not a CMS AuthEnvelopedData ContentInfo");
        }

        // The policy would accept AES-256-CBC from an allowed peer, but an AuthEnvelopedData
        // must carry an authenticated cipher, so anything but GCM is malformed here.
        String encryption = parser.getEncAlgOID();
        if (!CMSAlgorithm.AES256_GCM.getId().equals(encryption)) {
            throw new EnvelopeMalformedException("Content encryption algorithm " + encryption
                    + " is not allowed; envelopes must use AES-256-GCM (" + CMSAlgorithm.AES256_GCM + ")");
        }
        return new ParsedEnvelope(recipientInfos(parser::getRecipientInfos, outer), true);
    }

    private ParsedEnvelope parseEnvelopedData(InputStream contentInfo, Asn1StructureGuard outer, String peerCounty) {
        CMSEnvelopedDataParser parser;
        try {
            parser = new CMSEnvelopedDataParser(new ASN1InputStream(contentInfo, (int) maxEnvelopeSize));
        } catch (CMSException | IOException | RuntimeException e) {
            throw envelopeFailure(e, outer, "The envelope is not a CMS EnvelopedData ContentInfo");
        }

        settings.algorithmPolicy().checkContentEncryption(parser.getContentEncryptionAlgorithm(), peerCounty);
        return new ParsedEnvelope(recipientInfos(parser::getRecipientInfos, outer), false);
    }

    private static RecipientInformationStore recipientInfos(Supplier<RecipientInformationStore> parser,
            Asn1StructureGuard outer) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw envelopeFailure(e, outer, "The recipient infos of the envelope cannot be read");
        }
    }

    private static Match findRecipient(ParsedEnvelope parsed, Asn1StructureGuard outer, List<DecryptionKey> keys) {
        Collection<RecipientInformation> recipientInfos;
        try {
            recipientInfos = parsed.recipientInfos().getRecipients();
        } catch (RuntimeException e) {
            throw envelopeFailure(e, outer, "The recipient infos of the envelope cannot be read");
        }

        for (DecryptionKey key : keys) {
            JcaX509CertificateHolder certificate = holder(key.certificate());
            for (RecipientInformation recipientInfo : recipientInfos) {
                if (recipientInfo.getRID().match(certificate)) {
                    return new Match(recipientInfo, key, parsed.authenticated());
                }
            }
        }

        List<String> ours = keys.stream().map(key -> Certificates.describe(key.certificate())).toList();
        throw new EnvelopeNotForUsException("None of the " + recipientInfos.size()
                + " recipient infos of the envelope matches a decryption key of this gateway: " + ours);
    }

    /**
     * Unwraps the content key and returns the decrypting stream. Bouncy Castle checks the GCM
     * authentication tag (RFC 5084, section 3.2), or the CBC padding of an EnvelopedData, when
     * this stream reaches its end, and fails that last read if the check fails. Valid CBC
     * padding proves nothing about the content, which only the signature protects.
     */
    private static InputStream decrypt(Match match, Asn1StructureGuard outer) {
        RecipientInformation recipientInfo = match.recipientInfo();
        Recipient recipient = recipient(recipientInfo, match);

        CMSTypedStream content;
        try {
            content = recipientInfo.getContentStream(recipient);
        } catch (CMSException | IOException | RuntimeException e) {
            if (outer.violation() != null) {
                throw envelopeFailure(e, outer, "The envelope cannot be read");
            }
            throw decryptionFailure(match, e);
        }
        if (!CMSObjectIdentifiers.data.equals(content.getContentType())) {
            throw new EnvelopeMalformedException("The encrypted content type is " + content.getContentType()
                    + ", expected id-data");
        }
        return content.getContentStream();
    }

    private static Recipient recipient(RecipientInformation recipientInfo, Match match) {
        if (recipientInfo instanceof KeyAgreeRecipientInformation) {
            return match.authenticated()
                    ? new JceKeyAgreeAuthEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER)
                    : new JceKeyAgreeEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER);
        }
        if (recipientInfo instanceof KeyTransRecipientInformation) {
            return match.authenticated()
                    ? new JceKeyTransAuthEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER)
                    : new JceKeyTransEnvelopedRecipient(match.key().key()).setProvider(BouncyCastle.PROVIDER);
        }
        throw new EnvelopeMalformedException("Recipient info type " + recipientInfo.getRID().getType()
                + " is not supported; use key agreement (ECDH) or key transport (RSA-OAEP)");
    }

    /**
     * Reads the decrypted stream to its end, which makes Bouncy Castle check the GCM tag or
     * the CBC padding, and
     * fails unless the end was reached without a read failure. The SignedData parser may have
     * reached the end already, so a failure it saw and wrapped counts too.
     */
    private static void drainAndCheckEnd(TagCheckedStream decrypted, Asn1StructureGuard outer, Match match) {
        try {
            decrypted.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // The stream recorded the failure; it is reported below.
        }

        IOException failure = decrypted.failure();
        if (failure == null && decrypted.reachedEnd()) {
            return;
        }
        if (outer.violation() == null && failure instanceof InvalidCipherTextIOException) {
            throw decryptionFailure(match, failure);
        }
        throw envelopeFailure(failure == null ? new IOException("the decrypted content did not end") : failure,
                outer, "The envelope cannot be read to its end");
    }

    /** Maps a read failure of the outer structure, preferring what the guard found. */
    private static GatewayException envelopeFailure(Exception e, Asn1StructureGuard outer, String context) {
        if (e instanceof GatewayException gatewayException) {
            return gatewayException;
        }
        if (outer.tooLarge()) {
            return new EnvelopeTooLargeException(outer.violation() + "; the rest was not read");
        }
        if (outer.violation() != null) {
            return new EnvelopeMalformedException(outer.violation(), e);
        }
        // Bouncy Castle reports some malformed ASN.1 as IllegalArgumentException or ClassCastException.
        return new EnvelopeMalformedException(context + ": " + e.getMessage(), e);
    }

    /**
     * Maps a failure of the SignedData parser once the GCM tag or the CBC padding has
     * verified. Without a GCM tag, altered ciphertext decrypts to garbled DER, so a structure
     * violation there counts as an invalid signature and not as a malformed envelope.
     */
    private static GatewayException signedDataFailure(Exception e, Asn1StructureGuard inner, Match match) {
        if (e instanceof GatewayException gatewayException) {
            return gatewayException;
        }
        if (inner.violation() != null && !match.authenticated()) {
            return new SignatureInvalidException("The decrypted content of the EnvelopedData is not a valid "
                    + "SignedData, and without a GCM tag it may have been altered in transit: " + inner.violation(), e);
        }
        if (inner.violation() != null) {
            return new EnvelopeMalformedException(inner.violation(), e);
        }
        return new SignatureInvalidException("The decrypted content is not a CMS SignedData: " + e.getMessage(), e);
    }

    private static EnvelopeDecryptionException decryptionFailure(Match match, Exception e) {
        return new EnvelopeDecryptionException("Decrypting the envelope with the key of "
                + Certificates.describe(match.key().certificate()) + " failed: " + e.getMessage(), e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates the content file with owner-only permissions from the start, where POSIX allows.
     * NOTE: a process killed during an open leaves its unverified {@code opened-*.content}
     * file behind; nothing clears the work folder at start-up yet.
     */
    private static Path createPrivateFile(Path workFolder) {
        try {
            if (workFolder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempFile(workFolder, "opened-", ".content",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            // Without POSIX attributes the file gets the folder's default permissions, so the
            // work folder itself must be private to the gateway.
            return Files.createTempFile(workFolder, "opened-", ".content");
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Creating a content file in the work folder "
                    + workFolder + " failed: " + e.getMessage() + "; check that it exists and is writable", e);
        }
    }

    private static void deletePrivateFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "Deleting the unverified content file " + file
                    + " failed: " + e.getMessage() + "; delete it by hand", e);
        }
    }

    private static JcaX509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode the decryption certificate " + Certificates.describe(certificate), e);
        }
    }
}
