package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when the signer certificate has no valid path to a trust anchor at the signing time. */
public class SignerUntrustedException extends GatewayException {

    public SignerUntrustedException(String message) {
        super(ErrorCode.SIGNER_UNTRUSTED, message);
    }

    public SignerUntrustedException(String message, Throwable cause) {
        super(ErrorCode.SIGNER_UNTRUSTED, message, cause);
    }
}
