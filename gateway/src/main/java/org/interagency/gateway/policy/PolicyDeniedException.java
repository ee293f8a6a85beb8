package org.interagency.gateway.policy;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** A policy decision that stops a message for a recipient. The error code names the rule. */
public class PolicyDeniedException extends GatewayException {

    public PolicyDeniedException(ErrorCode code, String message) {
        super(code, message);
    }
}
