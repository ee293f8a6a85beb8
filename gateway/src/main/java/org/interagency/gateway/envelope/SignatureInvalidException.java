package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when the SignedData is unreadable, has other than one signer, uses a disallowed algorithm or its signature does not verify. */
public class SignatureInvalidException extends GatewayException {

    public SignatureInvalidException(String message) {
        super(ErrorCode.SIGNATURE_INVALID, message);
    }

    public SignatureInvalidException(String message, Throwable cause) {
        super(ErrorCode.SIGNATURE_INVALID, message, cause);
    }
}
