package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when the signer certificate carries no single {@code urn:agency:} URI. */
public class SignerNotAgencyException extends GatewayException {

    public SignerNotAgencyException(String message) {
        super(ErrorCode.SIGNER_NOT_AGENCY, message);
    }

    public SignerNotAgencyException(String message, Throwable cause) {
        super(ErrorCode.SIGNER_NOT_AGENCY, message, cause);
    }
}
