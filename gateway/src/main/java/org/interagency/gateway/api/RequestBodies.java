package org.interagency.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.springframework.util.unit.DataSize;

/** Reads request bodies with a size limit. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Reads the whole body, refusing it with BODY_TOO_LARGE as soon as it passes {@code limit},
     * so an oversized body is never held in memory in full.
     */
    public static byte[] read(HttpServletRequest request, DataSize limit) throws IOException {
        long max = limit.toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(request.getContentLengthLong(), max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(body.length, max);
            }
            return body;
        }
    }

    private static GatewayException tooLarge(long size, long max) {
        return new GatewayException(ErrorCode.BODY_TOO_LARGE, "body of " + size + " bytes or more is over the limit of "
                + max + " bytes (gateway.intake.max-body-size)");
    }
}
