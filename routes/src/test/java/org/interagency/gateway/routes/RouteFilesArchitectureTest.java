package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks rules every route file must follow: route tests advise routes and steps by id, so
 * every route and step has one, and production routes never send to a {@code mock:} endpoint.
 */
class RouteFilesArchitectureTest {

    private static final Path ROUTES = Path.of("src/main/resources/routes");
    private static final Path MAIN = Path.of("src/main");

    // Keys whose value is a list of steps, each a map with one key: the EIP name.
    private static final Set<String> STEP_LISTS = Set.of("steps");
    // Keys whose value is a list of clauses that are maps themselves (a catch, a when).
    private static final Set<String> CLAUSE_LISTS = Set.of("doCatch", "when");
    // Keys whose value is a single clause map.
    private static final Set<String> CLAUSES = Set.of("from", "otherwise", "doFinally");

    @Test
    void everyRouteAndStepHasId() throws IOException {
        List<Path> files = routeFiles();
        assertThat(files).as("route files under %s", ROUTES).isNotEmpty();

        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            for (Object entry : loadList(file)) {
                Map<?, ?> route = (Map<?, ?>) ((Map<?, ?>) entry).get("route");
                assertThat(route).as("%s: every top-level entry is a route", file).isNotNull();
                collectMissingIds(route, file + " route", missing);
            }
        }

        assertThat(missing).as("routes and steps without an id").isEmpty();
    }

    @Test
    void mainSourcesUseNoMockEndpoint() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(MAIN)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                if (Files.readString(path).contains("mock:")) {
                    offenders.add(path.toString());
                }
            }
        }

        assertThat(offenders).as("files under %s that contain a mock: URI", MAIN).isEmpty();
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> paths = Files.list(ROUTES)) {
            return paths.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<?> loadList(Path file) throws IOException {
        Object document = new Yaml().load(Files.readString(file));
        assertThat(document).as("%s contains a list of routes", file).isInstanceOf(List.class);
        return (List<?>) document;
    }

    // Records at `where` every node below `node` that needs an id and has none.
    private static void collectMissingIds(Map<?, ?> node, String where, List<String> missing) {
        if (!node.containsKey("id")) {
            missing.add(where);
        }
        String name = where + "/" + node.get("id");

        for (Map.Entry<?, ?> child : node.entrySet()) {
            String key = String.valueOf(child.getKey());
            if (STEP_LISTS.contains(key)) {
                for (Object step : (List<?>) child.getValue()) {
                    Map.Entry<?, ?> eip = ((Map<?, ?>) step).entrySet().iterator().next();
                    collectMissingIds((Map<?, ?>) eip.getValue(), name + " " + eip.getKey(), missing);
                }
            } else if (CLAUSE_LISTS.contains(key)) {
                for (Object clause : (List<?>) child.getValue()) {
                    collectMissingIds((Map<?, ?>) clause, name + " " + key, missing);
                }
            } else if (CLAUSES.contains(key)) {
                collectMissingIds((Map<?, ?>) child.getValue(), name + " " + key, missing);
            }
        }
    }
}
