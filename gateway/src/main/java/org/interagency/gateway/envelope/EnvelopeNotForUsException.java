package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when no recipient info of the envelope matches one of the gateway's decryption keys. */
public class EnvelopeNotForUsException extends GatewayException {

    public EnvelopeNotForUsException(String message) {
        super(ErrorCode.ENVELOPE_NOT_FOR_US, message);
    }

    public EnvelopeNotForUsException(String message, Throwable cause) {
        super(ErrorCode.ENVELOPE_NOT_FOR_US, message, cause);
    }
}
