package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when a CRL or OCSP response lists the signer certificate or one of its CA certificates as revoked. */
public class SignerRevokedException extends GatewayException {

    public SignerRevokedException(String message) {
        super(ErrorCode.SIGNER_REVOKED, message);
    }

    public SignerRevokedException(String message, Throwable cause) {
        super(ErrorCode.SIGNER_REVOKED, message, cause);
    }
}
