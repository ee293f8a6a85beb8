package org.interagency.gateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.interagency.gateway.config.GatewayKeys;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PolicyProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * A county's configuration folder read as the gateway reads it, without starting the web
 * server, broker or database: {@code gateway.yml} bound to {@link GatewayProperties} (with
 * environment variables and system properties taking precedence, as in Spring Boot), the
 * directory, the MOUs and the keys.
 */
final class CountyConfig {

    private final GatewayProperties properties;
    private final Directory directory;
    private final StandardEnvironment environment;
    private final PolicyProperties policy;

    private CountyConfig(GatewayProperties properties, Directory directory, StandardEnvironment environment,
            PolicyProperties policy) {
        this.policy = policy;
        this.properties = properties;
        this.directory = directory;
        this.environment = environment;
    }

    /** Reads the folder, which {@link Configs#folder} has checked to contain {@code gateway.yml}. */
    static CountyConfig load(Path folder) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        Path settings = folder.resolve("gateway.yml");
        new YamlPropertySourceLoader().load(settings.toString(), new FileSystemResource(settings))
                .forEach(environment.getPropertySources()::addLast);
        environment.getPropertySources().addFirst(
                new MapPropertySource("command line", Map.of("gateway.config-dir", folder.toString())));

        ApplicationConversionService conversion = new ApplicationConversionService();
        // Same as the gateway's PathConverter: relative "../" paths stay file system paths.
        conversion.addConverter(String.class, Path.class, Path::of);
        Binder binder = new Binder(ConfigurationPropertySources.get(environment),
                new PropertySourcesPlaceholdersResolver(environment), conversion);
        GatewayProperties properties = binder.bindOrCreate("gateway", GatewayProperties.class);
        if (properties.getCounty() == null || properties.getCounty().isBlank()) {
            throw new InvalidConfigurationException(settings + " sets no gateway.county; add the id of the county this gateway serves");
        }

        Path directoryFile = properties.resolve(properties.getDirectoryFile());
        if (!Files.isRegularFile(directoryFile)) {
            throw new InvalidConfigurationException("gateway.directory-file names " + directoryFile
                    + ", which does not exist; correct the setting in " + settings);
        }
        Directory directory = DirectoryLoader.load(directoryFile, environment::resolveRequiredPlaceholders);
        return new CountyConfig(properties, directory, environment,
                binder.bindOrCreate("gateway.policy", PolicyProperties.class));
    }

    GatewayProperties properties() {
        return properties;
    }

    /** Returns the id of the county this configuration serves ({@code gateway.county}). */
    String county() {
        return properties.getCounty();
    }

    Directory directory() {
        return directory;
    }

    /** Loads the keys of {@code gateway.keys.*}; the encryption and receipt-signing keystores must exist. */
    GatewayKeys keys() {
        return new GatewayKeys(properties);
    }

    /** Loads the MOUs of {@code gateway.mou-folder}. */
    MouRepository mous() {
        return MouRepository.load(properties.resolve(properties.getMouFolder()), directory);
    }

    /** Returns the settings of {@code gateway.policy.*}, such as the default data classes. */
    PolicyProperties policy() {
        return policy;
    }

    /** Returns a setting of {@code gateway.yml} or the environment, such as {@code spring.datasource.url}, or null. */
    String setting(String key) {
        return environment.getProperty(key);
    }

    /** Returns the folder of {@code gateway.yml}, for messages. */
    Path folder() {
        return Path.of(environment.getProperty("gateway.config-dir"));
    }
}
