package org.interagency.gateway.error;

/**
 * Every error the gateway reports. The code is stable and searchable: it appears in
 * OperationOutcomes, ledger reason codes, log lines and message status.
 */
public enum ErrorCode {
    NOT_A_BUNDLE(ErrorCategory.CALLER, false, 400, "The body is not a FHIR Bundle."),
    NOT_A_MESSAGE(ErrorCategory.CALLER, false, 400, "The Bundle is not of type message."),
    UNREADABLE_BODY(ErrorCategory.CALLER, false, 400, "The body could not be parsed as FHIR JSON or XML."),
    UNKNOWN_EXCHANGE_TYPE(ErrorCategory.CALLER, false, 422, "The MessageHeader event is not an exchange type of the catalogue."),
    PROFILE_VIOLATION(ErrorCategory.CALLER, false, 422, "The message does not conform to the profile of its exchange type."),
    SENDER_MISMATCH(ErrorCategory.CALLER, false, 403, "The MessageHeader sender is not the authenticated agency."),
    UNKNOWN_RECIPIENT(ErrorCategory.CALLER, false, 422, "A destination does not resolve to an agency of the directory."),
    NO_MOU_CLAUSE(ErrorCategory.CALLER, false, 403, "No clause of an active MOU covers this sender, recipient and exchange type."),
    DUPLICATE_MESSAGE(ErrorCategory.CALLER, false, 409, "A message with this MessageHeader id was already accepted."),
    BODY_TOO_LARGE(ErrorCategory.CALLER, false, 413, "The body is larger than the configured limit."),
    UNSUPPORTED_MEDIA_TYPE(ErrorCategory.CALLER, false, 415, "The content type is not supported."),
    ALREADY_ACKNOWLEDGED(ErrorCategory.CALLER, false, 409, "The message was already acknowledged."),
    INVALID_PARAMETER(ErrorCategory.CALLER, false, 400, "A request parameter is invalid."),
    INVALID_REQUEST(ErrorCategory.CALLER, false, 400, "The request is malformed."),
    METHOD_NOT_ALLOWED(ErrorCategory.CALLER, false, 405, "The HTTP method is not allowed on this path."),
    STALE_MESSAGE(ErrorCategory.CALLER, false, 422, "The message timestamp is outside the window partner gateways accept."),
    NOT_FOUND(ErrorCategory.CALLER, false, 404, "No such resource for this agency."),
    UNAUTHENTICATED(ErrorCategory.CALLER, false, 401, "No valid client credentials were presented."),
    FORBIDDEN(ErrorCategory.CALLER, false, 403, "The caller may not use this resource."),
    TOKEN_INVALID(ErrorCategory.CALLER, false, 401, "The bearer token is invalid, expired or not issued for this gateway."),
    PURPOSE_MISSING(ErrorCategory.CALLER, false, 422, "The MessageHeader declares no purpose of use."),
    PURPOSE_NOT_ALLOWED(ErrorCategory.CALLER, false, 403, "No clause of an active MOU allows this purpose of use."),
    MOU_INACTIVE(ErrorCategory.CALLER, false, 403, "The MOU that covers this exchange is unsigned, not yet effective or expired."),
    FOCUS_WITHHELD(ErrorCategory.CALLER, false, 403, "The MOUs do not let the message's focus or youth flow to this recipient."),
    YOUTH_DATA_IN_AGGREGATE(ErrorCategory.CALLER, false, 403, "An aggregate report carries youth-level data."),
    CONSENT_REVOKED(ErrorCategory.CALLER, false, 403, "A Consent the message relies on was revoked before delivery."),
    INVALID_CONSENT(ErrorCategory.CALLER, false, 422, "The Consent resource is incomplete or uses codes the gateway does not know."),
    CONSENT_NOT_OWNED(ErrorCategory.CALLER, false, 403, "Only the agency that obtained a Consent may record or revoke it."),
    CONSENT_ALREADY_REVOKED(ErrorCategory.CALLER, false, 409, "The Consent was already revoked."),

    ENVELOPE_MALFORMED(ErrorCategory.PEER, false, 400, "The envelope is not a CMS AuthEnvelopedData this gateway can read."),
    ENVELOPE_NOT_FOR_US(ErrorCategory.PEER, false, 422, "None of this gateway's decryption keys opens the envelope."),
    ENVELOPE_DECRYPTION_FAILED(ErrorCategory.PEER, false, 422, "The envelope failed decryption or its authentication tag."),
    SIGNATURE_INVALID(ErrorCategory.PEER, false, 422, "The signature over the message does not verify."),
    SIGNER_UNTRUSTED(ErrorCategory.PEER, false, 422, "The signer certificate does not chain to a trust anchor of the directory."),
    SIGNER_NOT_AGENCY(ErrorCategory.PEER, false, 422, "The signer certificate names no agency of the directory."),
    // Algorithm policy and signer certificate checks of the envelope package.
    ALGORITHM_NOT_ALLOWED(ErrorCategory.PEER, false, 422, "The envelope uses a signature, digest or encryption algorithm this gateway does not accept."),
    KEY_TOO_SMALL(ErrorCategory.PEER, false, 422, "A key in the envelope or its certificates is shorter than this gateway accepts."),
    SIGNER_EXPIRED(ErrorCategory.PEER, false, 422, "The signer certificate is expired or not yet valid."),
    SIGNER_REVOKED(ErrorCategory.PEER, false, 422, "The signer certificate or one of its CA certificates is revoked."),
    SIGNER_REVOCATION_UNKNOWN(ErrorCategory.GATEWAY, true, 503, "The revocation status of the signer certificate could not be determined."),
    SIGNER_SENDER_MISMATCH(ErrorCategory.PEER, false, 422, "The MessageHeader sender is not the agency that signed."),
    SENDER_COUNTY_MISMATCH(ErrorCategory.PEER, false, 403, "The sending agency does not belong to the county of the delivering gateway."),
    NO_LOCAL_DESTINATION(ErrorCategory.PEER, false, 422, "No destination is an agency served by this gateway."),
    REPLAYED_MESSAGE(ErrorCategory.PEER, false, 409, "This message id was already opened."),
    MESSAGE_OUTSIDE_WINDOW(ErrorCategory.PEER, false, 422,
            "The message timestamp or signing time is missing or outside the accepted time window."),
    MOU_VERSION_MISMATCH(ErrorCategory.PEER, false, 409, "The message relies on an MOU version the receiving gateway does not hold."),
    RESOURCE_NOT_ALLOWED(ErrorCategory.PEER, false, 403, "The message carries data the receiving gateway's MOUs do not allow."),
    CONSENT_MISMATCH(ErrorCategory.PEER, false, 422, "A Consent the message references is missing or does not match its digest."),
    CHECKPOINT_INVALID(ErrorCategory.PEER, false, 422, "The ledger checkpoint or its acknowledgement is unsigned, invalid or not from the sending gateway."),
    CHECKPOINT_CONFLICT(ErrorCategory.PEER, false, 409, "A checkpoint with this sequence number but another head hash was received before."),
    RECEIPT_INVALID(ErrorCategory.PEER, false, 422, "The peer's receipt is missing, unsigned or does not match the message."),
    PEER_REJECTED(ErrorCategory.PEER, false, 502, "The peer gateway rejected the envelope."),
    PEER_UNAVAILABLE(ErrorCategory.PEER, true, 503, "The peer gateway could not be reached or responded with a server error."),

    CONFIGURATION_INVALID(ErrorCategory.GATEWAY, false, 500, "The gateway configuration is invalid."),
    STARTING(ErrorCategory.GATEWAY, true, 503, "The gateway is starting; retry in a few seconds."),
    TIMESTAMP_UNAVAILABLE(ErrorCategory.GATEWAY, true, 503, "The time-stamping authority could not be reached or returned no valid token."),
    KEY_UNAVAILABLE(ErrorCategory.GATEWAY, false, 500, "A key or certificate the gateway needs could not be loaded."),
    IDENTITY_PROVIDER_UNAVAILABLE(ErrorCategory.GATEWAY, true, 503,
            "The identity provider could not be reached to check the token; retry in a few seconds."),
    INTERNAL(ErrorCategory.GATEWAY, true, 500, "The gateway failed to process the request.");

    private final ErrorCategory category;
    private final boolean retryable;
    private final int httpStatus;
    private final String reason;

    ErrorCode(ErrorCategory category, boolean retryable, int httpStatus, String reason) {
        this.category = category;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /** Returns whose fault the error is. */
    public ErrorCategory category() {
        return category;
    }

    /** Returns whether sending the same thing again can succeed; redelivery reads this. */
    public boolean retryable() {
        return retryable;
    }

    /** Returns the HTTP status that the REST API and the exchange endpoint respond with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the generic reason that callers outside the gateway may see. */
    public String reason() {
        return reason;
    }
}
