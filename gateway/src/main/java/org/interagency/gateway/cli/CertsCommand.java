package org.interagency.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.pki.DevPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/gateway certs}: the development PKI. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "Manage the development PKI.",
        subcommands = CertsCommand.Init.class)
final class CertsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return GatewayCommand.missingCommand(spec);
    }

    /** {@code bin/gateway certs init}: writes a root, county CAs and every key the directory needs. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Write a DEVELOPMENT-ONLY PKI for every county and agency of the directory in --config.")
    static final class Init implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "DIR", description = "County configuration whose directory.yml lists the agencies (default: config/demo/alameda).")
        Path config;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder to write into (default: certs-dev).")
        Path out;

        @Option(names = "--force", description = "Replace the keys of an existing PKI in --out.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Path configDir = Configs.folder(config);
            Path target = (out != null ? out : GatewayCommand.home().resolve("certs-dev")).toAbsolutePath().normalize();
            if (Files.exists(target.resolve("root-ca.crt")) && !force) {
                throw new IllegalArgumentException(target + " already contains a PKI; pass --force to replace its keys");
            }

            Map<String, List<String>> agencies = DirectoryLoader.agencyIdsByCounty(configDir.resolve("directory.yml"),
                    Placeholders::fromEnvironment);
            // The folder may hold its README; the generator only replaces its own files.
            DevPki.create(target, agencies, true);

            spec.commandLine().getOut().println("wrote a DEVELOPMENT-ONLY PKI for " + agencies.keySet() + " into " + target);
            return 0;
        }
    }
}
