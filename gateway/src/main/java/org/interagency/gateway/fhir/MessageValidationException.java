package org.interagency.gateway.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * A message body that failed validation, with the OperationOutcome the API returns to the
 * caller. For {@link ErrorCode#PROFILE_VIOLATION} the outcome is the validator's: every
 * issue it found, each with its element location. For the other codes it has one issue.
 *
 * <p>The exception message names ids and codes only. The outcome may quote values from the
 * message, so return it to the caller who sent the message and never log it.
 */
public class MessageValidationException extends GatewayException {

    private final transient OperationOutcome outcome;

    public MessageValidationException(ErrorCode code, String message, OperationOutcome outcome) {
        super(code, message);
        this.outcome = outcome;
    }

    public MessageValidationException(ErrorCode code, String message, OperationOutcome outcome, Throwable cause) {
        super(code, message, cause);
        this.outcome = outcome;
    }

    /** Returns the OperationOutcome that describes the failure. */
    public OperationOutcome outcome() {
        return outcome;
    }
}
