package org.interagency.gateway.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * The signer infos and certificates of an attached SignedData whose content was copied to a
 * sink while Bouncy Castle's parser computed the content digest. Nothing here is verified;
 * {@link CmsSignatureVerifier#verifySigner} does that.
 */
record StreamedSignedData(SignerInformationStore signerInfos, Store<X509CertificateHolder> certificates) {

    /** Thrown when the sink rejects a write, to tell a full disk apart from a bad envelope. */
    static final class SinkException extends GatewayException {
        SinkException(IOException cause) {
            super(ErrorCode.INTERNAL, "Writing the opened content failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * Parses the SignedData, copies its encapsulated id-data content to the sink, then reads
     * the certificates and signer infos that follow the content.
     *
     * @throws SignatureInvalidException if the content is detached or not id-data
     * @throws SinkException if writing to the sink fails
     */
    @SuppressWarnings("unchecked")
    static StreamedSignedData read(InputStream signedData, OutputStream contentSink)
            throws CMSException, IOException {
        CMSSignedDataParser parser;
        try {
            parser = new CMSSignedDataParser(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(), signedData);
        } catch (OperatorCreationException e) {
            throw new CMSException("Creating the digest calculators failed: " + e.getMessage(), e);
        }

        CMSTypedStream content = parser.getSignedContent();
        if (content == null) {
            throw new SignatureInvalidException("The SignedData is detached; the content must be encapsulated");
        }
        if (!CMSObjectIdentifiers.data.equals(content.getContentType())) {
            throw new SignatureInvalidException("The encapsulated content type is " + content.getContentType()
                    + ", expected id-data");
        }
        copy(content.getContentStream(), contentSink);

        Store<X509CertificateHolder> certificates = parser.getCertificates();
        return new StreamedSignedData(parser.getSignerInfos(), certificates);
    }

    private static void copy(InputStream in, OutputStream sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            try {
                sink.write(buffer, 0, n);
            } catch (IOException e) {
                throw new SinkException(e);
            }
        }
    }
}
