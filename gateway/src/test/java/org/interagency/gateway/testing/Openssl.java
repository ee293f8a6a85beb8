package org.interagency.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} command for interoperability tests. */
public final class Openssl {

    private Openssl() {
    }

    /**
     * Runs {@code openssl} with the arguments in {@code work} and asserts that it exits 0
     * within 30 s; its output goes to {@code work/openssl.log} and into the failure message.
     */
    public static void run(Path work, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("openssl.log").toFile())
                .start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl finished within 30 s").isTrue();
        assertThat(process.exitValue())
                .as("exit status of %s; output: %s", command, Files.readString(work.resolve("openssl.log")))
                .isZero();
    }
}
