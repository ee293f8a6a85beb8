package org.interagency.gateway.envelope;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Thrown when unwrapping the content key fails or the AES-GCM authentication tag does not verify. */
public class EnvelopeDecryptionException extends GatewayException {

    public EnvelopeDecryptionException(String message) {
        super(ErrorCode.ENVELOPE_DECRYPTION_FAILED, message);
    }

    public EnvelopeDecryptionException(String message, Throwable cause) {
        super(ErrorCode.ENVELOPE_DECRYPTION_FAILED, message, cause);
    }
}
