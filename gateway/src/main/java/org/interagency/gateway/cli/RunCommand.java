package org.interagency.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.interagency.gateway.GatewayApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code bin/gateway run}: starts one county's gateway and keeps it running. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start a county gateway with the configuration in --config.",
                "Other arguments of the form --key=value override settings, such as --logging.level.root=DEBUG."})
final class RunCommand implements Callable<Integer> {

    /** Exit code that makes main leave the JVM running for the started gateway. */
    static final int KEEP_RUNNING = -1;

    @Option(names = "--config", paramLabel = "DIR",
            description = "County configuration folder with gateway.yml, directory.yml and mous/ (default: config/demo/alameda).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder for the broker journal and the database (default: demo-data/<folder name of --config>).")
    Path data;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port to listen on (default: server.port, 8443).")
    Integer port;

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() {
        Path configDir = Configs.folder(config);
        Path dataDir = (data != null ? data : GatewayCommand.home().resolve("demo-data").resolve(configDir.getFileName()))
                .toAbsolutePath().normalize();

        List<String> args = new ArrayList<>();
        args.add("--gateway.config-dir=" + configDir);
        args.add("--gateway.data-dir=" + dataDir);
        args.add("--spring.config.import=file:" + configDir.resolve("gateway.yml"));
        if (port != null) {
            args.add("--server.port=" + port);
        }
        for (String setting : settings) {
            if (!setting.startsWith("--") || !setting.contains("=")) {
                throw new IllegalArgumentException("'" + setting + "' is not an option; give settings as --key=value, such as --server.port=8443");
            }
            args.add(setting);
        }
        GatewayApplication.start(args.toArray(String[]::new));
        return KEEP_RUNNING;
    }
}
