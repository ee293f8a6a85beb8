package org.interagency.gateway.receipt;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.interagency.gateway.config.GatewayKeys;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.VerifiedContent;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * Issues and verifies the signed receipts gateways exchange. A receipt is a FHIR message
 * Bundle whose MessageHeader.response names the original message (code {@code ok}) and whose
 * reason names what is confirmed. The gateway signs it as CMS SignedData.
 */
public class Receipts {

    /** Code system of the exchange types, which also lists {@code receipt}. */
    public static final String EXCHANGE_TYPES = "http://interagency.example.org/fhir/CodeSystem/exchange-type";
    static final String RECEIPT_KINDS = "http://interagency.example.org/fhir/CodeSystem/receipt-kind";
    static final String ENVELOPE_DIGEST_EXTENSION = "http://interagency.example.org/fhir/StructureDefinition/envelope-digest";
    static final String AGENCY_SYSTEM = "urn:interagency:agency";

    private final FhirContext fhir;
    private final SignedContent signer;
    private final GatewayKeys keys;
    private final Directory directory;
    private final String county;
    private final Clock clock;

    public Receipts(FhirContext fhir, SignedContent signer, GatewayKeys keys, Directory directory, String county,
            Clock clock) {
        this.fhir = fhir;
        this.signer = signer;
        this.keys = keys;
        this.directory = directory;
        this.county = county;
        this.clock = clock;
    }

    /**
     * Builds and signs a receipt for {@code messageId}, addressed to the gateway of
     * {@code toCounty}. {@code agency} names the acknowledging agency, or is null.
     */
    public byte[] issue(ReceiptKind kind, String messageId, String toCounty, String envelopeDigest, String agency) {
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(new Coding(EXCHANGE_TYPES, "receipt", "Receipt"));
        header.setSource(new MessageHeader.MessageSourceComponent().setEndpoint(CertificateUris.GATEWAY_PREFIX + county));
        header.addDestination().setEndpoint(CertificateUris.GATEWAY_PREFIX + toCounty);
        header.setReason(new CodeableConcept(new Coding(RECEIPT_KINDS, kind.code(), null)));
        header.getResponse().setIdentifier(messageId).setCode(MessageHeader.ResponseType.OK);
        if (agency != null) {
            header.setSender(new Reference().setIdentifier(new Identifier().setSystem(AGENCY_SYSTEM).setValue(agency)));
        }
        if (envelopeDigest != null) {
            header.addExtension(ENVELOPE_DIGEST_EXTENSION, new StringType(envelopeDigest));
        }

        Bundle bundle = new Bundle();
        bundle.setId(UUID.randomUUID().toString());
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestamp(Date.from(clock.instant()));
        bundle.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);

        byte[] content = fhir.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
        return signer.sign(content, keys.receiptSigning());
    }

    /**
     * Verifies a receipt from {@code fromCounty}'s gateway about {@code messageId}: signature
     * and certificate path to the directory's trust anchors, signer naming that gateway, and
     * the receipt naming the message and the expected kind. With a null {@code messageId}
     * the receipt may name any message, which the caller must then check.
     */
    public Receipt verify(byte[] signedReceipt, String fromCounty, String messageId, ReceiptKind expected) {
        VerifiedContent verified;
        try {
            verified = signer.verify(signedReceipt, directory.trustAnchors());
        } catch (GatewayException e) {
            throw new GatewayException(ErrorCode.RECEIPT_INVALID, "receipt from " + fromCounty + " for message "
                    + messageId + " failed verification (" + e.code() + ": " + e.getMessage() + ")", e);
        }
        String gatewayName = CertificateUris.GATEWAY_PREFIX + fromCounty;
        if (!verified.signerUris().contains(gatewayName)) {
            throw invalid(fromCounty, messageId, "it is signed by " + verified.signerUris() + ", not " + gatewayName);
        }

        MessageHeader header = header(verified.content(), fromCounty, messageId);
        String answered = header.getResponse().getIdentifier();
        if (answered == null || messageId != null && !messageId.equals(answered)) {
            throw invalid(fromCounty, messageId, "it responds to message " + header.getResponse().getIdentifier());
        }
        ReceiptKind kind = ReceiptKind.fromCode(header.getReason().getCodingFirstRep().getCode());
        if (kind != expected) {
            throw invalid(fromCounty, messageId, "it confirms " + kind + ", not " + expected);
        }
        String agency = header.hasSender() ? header.getSender().getIdentifier().getValue() : null;
        String digest = header.hasExtension(ENVELOPE_DIGEST_EXTENSION)
                ? header.getExtensionByUrl(ENVELOPE_DIGEST_EXTENSION).getValue().primitiveValue()
                : null;
        return new Receipt(kind, answered, fromCounty, agency, digest, verified.signingTime());
    }

    private MessageHeader header(byte[] content, String fromCounty, String messageId) {
        try {
            Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, new String(content, StandardCharsets.UTF_8));
            return (MessageHeader) bundle.getEntryFirstRep().getResource();
        } catch (RuntimeException e) {
            throw invalid(fromCounty, messageId, "its content is not a receipt Bundle (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static GatewayException invalid(String county, String messageId, String why) {
        return new GatewayException(ErrorCode.RECEIPT_INVALID, "receipt from " + county + " for message " + messageId
                + " is not valid: " + why);
    }
}
