package org.interagency.gateway.policy;

/**
 * The consent rule of an MOU clause.
 *
 * @param rule {@code required} (a permitting Consent of the youth is needed),
 *     {@code not-required} (the legal {@code authority} allows disclosure without consent) or
 *     {@code never-shared} (the listed data classes never flow, whatever the youth consents to)
 * @param authority the legal authority for {@code not-required}, written out; null otherwise
 */
public record ConsentRule(String rule, String authority) {

    public static final String REQUIRED = "required";
    public static final String NOT_REQUIRED = "not-required";
    public static final String NEVER_SHARED = "never-shared";

    public boolean required() {
        return REQUIRED.equals(rule);
    }

    public boolean neverShared() {
        return NEVER_SHARED.equals(rule);
    }
}
