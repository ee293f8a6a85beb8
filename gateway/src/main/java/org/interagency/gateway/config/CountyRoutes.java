package org.interagency.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the route files a county keeps in its configuration folder (a folder drop, changed
 * retry settings) to the routes shipped in the routes module.
 */
class CountyRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CountyRoutes.class);

    private final Path folder;

    CountyRoutes(Path folder) {
        this.folder = folder;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Resource> resources = yamlFiles().stream()
                .map(file -> PluginHelper.getResourceLoader(context).resolveResource("file:" + file))
                .toList();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        } catch (Exception e) {
            throw new InvalidConfigurationException("route files in " + folder + " cannot be loaded: " + e.getMessage()
                    + "; fix the file named or remove it from gateway.routes-folder", e);
        }
        log.info("loaded {} route file(s) from {}", resources.size(), folder);
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // Nothing to do once the routes run.
    }

    private List<Path> yamlFiles() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidConfigurationException(folder + ": route folder cannot be listed; check its permissions", e);
        }
    }
}
