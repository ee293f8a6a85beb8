package org.interagency.gateway.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME:default}} in configuration text from the environment, outside Spring. */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private Placeholders() {
    }

    static String fromEnvironment(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = System.getenv(matcher.group(1));
            if (value == null) {
                value = System.getProperty(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
