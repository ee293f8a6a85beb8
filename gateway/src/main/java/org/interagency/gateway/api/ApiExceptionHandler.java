package org.interagency.gateway.api;

import org.apache.camel.CamelExecutionException;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.MessageValidationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Responds to every failure of the API and the exchange endpoints with an OperationOutcome. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private final OperationOutcomes outcomes;

    public ApiExceptionHandler(OperationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @ExceptionHandler(MessageValidationException.class)
    ResponseEntity<String> invalidMessage(MessageValidationException e) {
        return outcomes.answer(e.code(), e.getMessage(), e.outcome().copy());
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<String> gatewayFailure(GatewayException e) {
        return outcomes.answer(e.code(), e.getMessage());
    }

    @ExceptionHandler(CamelExecutionException.class)
    ResponseEntity<String> routeFailure(CamelExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MessageValidationException invalid) {
            return invalidMessage(invalid);
        }
        if (cause instanceof GatewayException gateway) {
            return gatewayFailure(gateway);
        }
        return outcomes.answer(ErrorCode.INTERNAL, "route failed: " + (cause == null ? e : cause).getClass().getName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return outcomes.answer(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type " + e.getContentType()
                + " is not supported; send application/fhir+json or application/fhir+xml");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> invalidParameter(MethodArgumentTypeMismatchException e) {
        return outcomes.answer(ErrorCode.INVALID_PARAMETER, "parameter " + e.getName() + " must be a "
                + (e.getRequiredType() == null ? "value of another type" : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<String> noResource(NoResourceFoundException e) {
        return outcomes.answer(ErrorCode.NOT_FOUND, "no such resource: " + e.getResourcePath());
    }
}
