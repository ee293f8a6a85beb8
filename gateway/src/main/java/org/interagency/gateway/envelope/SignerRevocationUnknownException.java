package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when revocation checking is on and no CRL or OCSP response covers a certificate of the signer's path. */
public class SignerRevocationUnknownException extends GatewayException {

    public SignerRevocationUnknownException(String message) {
        super(ErrorCode.SIGNER_REVOCATION_UNKNOWN, message);
    }

    public SignerRevocationUnknownException(String message, Throwable cause) {
        super(ErrorCode.SIGNER_REVOCATION_UNKNOWN, message, cause);
    }
}
