package org.interagency.gateway.fhir;

import java.util.Locale;

import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/** Serialization of a FHIR message body: JSON or XML. */
public enum MediaFormat {
    JSON,
    XML;

    /**
     * Maps a Content-Type header to a format. Accepts the FHIR types
     * {@code application/fhir+json} and {@code application/fhir+xml} and the generic
     * {@code application/json}, {@code application/xml} and {@code text/xml}. Parameters
     * such as {@code charset} and {@code fhirVersion} are ignored.
     *
     * @throws GatewayException with {@link ErrorCode#UNSUPPORTED_MEDIA_TYPE} for any other
     *     or a missing content type
     */
    public static MediaFormat fromContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type is missing. Send application/fhir+json or application/fhir+xml.");
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/fhir+json", "application/json" -> JSON;
            case "application/fhir+xml", "application/xml", "text/xml" -> XML;
            default -> throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + mediaType + "' is not supported. Send application/fhir+json or application/fhir+xml.");
        };
    }

    /**
     * Detects the format of a FHIR body from its first non-blank character: {@code <} is XML,
     * anything else is read as JSON. Used where no content type travels with the body, such as
     * the signed content of an envelope.
     */
    public static MediaFormat detect(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b == '<' ? XML : JSON;
            }
        }
        return JSON;
    }
}
