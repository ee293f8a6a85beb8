package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when the input is not a CMS AuthEnvelopedData that the gateway accepts. */
public class EnvelopeMalformedException extends GatewayException {

    public EnvelopeMalformedException(String message) {
        super(ErrorCode.ENVELOPE_MALFORMED, message);
    }

    public EnvelopeMalformedException(String message, Throwable cause) {
        super(ErrorCode.ENVELOPE_MALFORMED, message, cause);
    }
}
