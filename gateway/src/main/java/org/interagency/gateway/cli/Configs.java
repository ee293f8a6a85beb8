package org.interagency.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves the {@code --config} folder of a command, with the demo county as default. */
final class Configs {

    /** Configuration folder used when a command gets no {@code --config}. */
    static final String DEFAULT = "config/demo/alameda";

    private Configs() {
    }

    /** Returns the absolute configuration folder, or fails with a one-line reason. */
    static Path folder(Path option) {
        Path folder = (option != null ? option : GatewayCommand.home().resolve(DEFAULT)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(folder.resolve("gateway.yml"))) {
            throw new IllegalArgumentException("--config " + folder
                    + " holds no gateway.yml; name a county configuration folder such as " + DEFAULT);
        }
        return folder;
    }
}
