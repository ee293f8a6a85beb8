package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when an envelope is longer than the opener's size limit; the rest is not read. */
public class EnvelopeTooLargeException extends GatewayException {

    public EnvelopeTooLargeException(String message) {
        super(ErrorCode.BODY_TOO_LARGE, message);
    }
}
