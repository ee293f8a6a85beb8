package org.interagency.gateway.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The settings a gateway runs with, as an administrator may see them: every key of the
 * gateway's areas that some configuration layer sets, with its effective value after
 * placeholders and overrides, and with secrets masked.
 *
 * <p>NOTE: a key that no layer names is not listed, so settings left at the defaults of
 * {@code GatewayProperties} or set only as environment variables do not appear.
 */
final class EffectiveSettings {

    /** Mask that replaces a secret value. */
    static final String MASK = "******";

    private static final List<String> AREAS = List.of("gateway.", "server.", "spring.artemis.", "spring.datasource.",
            "spring.ssl.", "spring.flyway.", "spring.jms.", "camel.", "logging.level.");

    /** Key names whose values are secrets, such as keystore passwords and client secrets. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|credential|private-key|token)$");

    /** A password inside a value, such as a JDBC URL parameter or the user information of a URL. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^:/@]+:)[^@/]*@");

    private EffectiveSettings() {
    }

    /** Returns the settings by key, sorted, with secrets masked. */
    static Map<String, String> of(ConfigurableEnvironment environment) {
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                if (AREAS.stream().anyMatch(key::startsWith) && !settings.containsKey(key)) {
                    settings.put(key, masked(key, value(environment, key)));
                }
            }
        }
        return settings;
    }

    private static String value(ConfigurableEnvironment environment, String key) {
        try {
            return environment.getProperty(key);
        } catch (IllegalArgumentException e) {
            return "(unresolved placeholder)";
        }
    }

    static String masked(String key, String value) {
        if (value == null) {
            return null;
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return value.isEmpty() ? "" : MASK;
        }
        String withoutParameter = PASSWORD_PARAMETER.matcher(value).replaceAll("$1" + MASK);
        return URL_USER_INFO.matcher(withoutParameter).replaceAll("$1" + MASK + "@");
    }
}
