package org.interagency.gateway.exchange;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the gateway error code out of a peer's OperationOutcome answer, for log lines and status. */
final class OperationOutcomeCodes {

    // The API writes the ErrorCode as the details coding code of the first issue.
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z][A-Z_]+)\"");

    private OperationOutcomeCodes() {
    }

    /** Returns the first gateway error code in {@code body}, or {@code unknown}. */
    static String first(byte[] body) {
        if (body == null) {
            return "unknown";
        }
        String text = new String(body, 0, Math.min(body.length, 8192), StandardCharsets.UTF_8);
        Matcher matcher = CODE.matcher(text);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
