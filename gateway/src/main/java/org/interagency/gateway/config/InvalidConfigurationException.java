package org.interagency.gateway.config;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** A configuration file or setting is invalid; the message names the file, the place and the fix. */
public class InvalidConfigurationException extends GatewayException {

    public InvalidConfigurationException(String message) {
        super(ErrorCode.CONFIGURATION_INVALID, message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(ErrorCode.CONFIGURATION_INVALID, message, cause);
    }
}
