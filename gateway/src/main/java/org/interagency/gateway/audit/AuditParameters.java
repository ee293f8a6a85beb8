package org.interagency.gateway.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.Decision;

/** Parses the filter values of the compliance API and the audit commands, naming a bad value and the fix. */
public final class AuditParameters {

    private static final Pattern MOU_ID = Pattern.compile("[a-z0-9-]{1,128}");

    private AuditParameters() {
    }

    /**
     * Parses a date ({@code 2026-03-01}, the start of that day in UTC) or an instant
     * ({@code 2026-03-01T08:00:00Z}); null stays null.
     */
    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, name + " '" + value + "' is not a date; give "
                    + "YYYY-MM-DD or an instant such as 2026-03-01T08:00:00Z");
        }
    }

    /** Parses a decision (PERMIT, DENY or ERROR, any case); null stays null. */
    public static Decision decision(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Decision.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "decision '" + value
                    + "' is not one of PERMIT, DENY, ERROR");
        }
    }

    /** Checks an MOU id; null stays null. */
    public static String mou(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!MOU_ID.matcher(value).matches()) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "mou '" + value
                    + "' is not an MOU id; give the id of the MOU file, lowercase letters, digits and -");
        }
        return value;
    }

    /** Checks that {@code value} lies between {@code min} and {@code max}. */
    public static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, name + " " + value + " is out of range; give "
                    + min + " to " + max);
        }
        return value;
    }

    /** Returns {@code value} unless it is blank. */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
