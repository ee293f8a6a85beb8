package org.interagency.gateway.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.interagency.gateway.error.ErrorCode;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Responds to the errors that never reach a controller (an unknown path, a wrong HTTP method, a
 * request the servlet container rejects) with an OperationOutcome too, in place of Spring
 * Boot's default error body.
 */
@RestController
public class ErrorResponses implements ErrorController {

    private final OperationOutcomes outcomes;

    public ErrorResponses(OperationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int code = status instanceof Integer number ? number : 500;
        return outcomes.answer(errorCode(code), "HTTP " + code + " for " + path);
    }

    private static ErrorCode errorCode(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
        };
    }
}
