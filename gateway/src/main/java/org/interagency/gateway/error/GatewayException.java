package org.interagency.gateway.error;

/**
 * A failure with a stable {@link ErrorCode}. The message names ids, setting keys or
 * certificate subjects, never payload content, names or keys.
 */
public class GatewayException extends RuntimeException {

    private final ErrorCode code;

    public GatewayException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public GatewayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Returns the stable code of this failure. */
    public ErrorCode code() {
        return code;
    }
}
