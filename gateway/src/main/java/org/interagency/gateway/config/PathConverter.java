package org.interagency.gateway.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds path settings as plain file system paths. Spring's default goes through resource
 * loading, which rejects the relative {@code ../} paths a county configuration uses.
 */
@Component
@ConfigurationPropertiesBinding
class PathConverter implements Converter<String, Path> {

    @Override
    public Path convert(String source) {
        return Path.of(source);
    }
}
