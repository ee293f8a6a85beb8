package org.interagency.gateway.directory;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** A MessageHeader destination does not resolve to an agency of the directory. */
public class UnknownRecipientException extends GatewayException {

    public UnknownRecipientException(String message) {
        super(ErrorCode.UNKNOWN_RECIPIENT, message);
    }
}
