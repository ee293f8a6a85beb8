package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command of the PATH (OpenSSL 3) in a working folder and asserts that it succeeds. */
final class Openssl {

    private final Path work;

    Openssl(Path work) {
        this.work = work;
    }

    void run(String... arguments) throws Exception {
        run(List.of(arguments));
    }

    void run(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(arguments);
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

    /** Writes the certificate and the unencrypted PKCS#8 key of a signer as {@code <name>.crt} and {@code <name>.key}. */
    void writeSigner(String name, SigningIdentity signer) throws Exception {
        KeyMaterial.writeCertificatesPem(work.resolve(name + ".crt"), List.of(signer.certificate()));
        KeyMaterial.writePrivateKeyPem(work.resolve(name + ".key"), signer.key());
    }

    byte[] read(String file) throws Exception {
        return Files.readAllBytes(work.resolve(file));
    }
}
