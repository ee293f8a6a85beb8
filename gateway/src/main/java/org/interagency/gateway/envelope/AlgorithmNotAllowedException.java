package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when a signature, digest, key management or content encryption algorithm is refused by {@link AlgorithmPolicy}. */
public class AlgorithmNotAllowedException extends GatewayException {

    public AlgorithmNotAllowedException(String message) {
        super(ErrorCode.ALGORITHM_NOT_ALLOWED, message);
    }

    public AlgorithmNotAllowedException(String message, Throwable cause) {
        super(ErrorCode.ALGORITHM_NOT_ALLOWED, message, cause);
    }
}
