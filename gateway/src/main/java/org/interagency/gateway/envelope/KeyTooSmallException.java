package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when an RSA key of a signer or recipient is shorter than {@link AlgorithmPolicy#MIN_RSA_KEY_BITS}. */
public class KeyTooSmallException extends GatewayException {

    public KeyTooSmallException(String message) {
        super(ErrorCode.KEY_TOO_SMALL, message);
    }

    public KeyTooSmallException(String message, Throwable cause) {
        super(ErrorCode.KEY_TOO_SMALL, message, cause);
    }
}
