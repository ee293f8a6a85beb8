package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when the signer certificate is not valid at the signing time or at the current time, also when it is not yet valid. */
public class SignerExpiredException extends GatewayException {

    public SignerExpiredException(String message) {
        super(ErrorCode.SIGNER_EXPIRED, message);
    }

    public SignerExpiredException(String message, Throwable cause) {
        super(ErrorCode.SIGNER_EXPIRED, message, cause);
    }
}
