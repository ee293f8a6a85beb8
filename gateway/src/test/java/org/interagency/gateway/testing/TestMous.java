package org.interagency.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouSignatures;

/** Signs copied MOU files with a development PKI, so that gateways and commands in tests load them as active. */
public final class TestMous {

    private TestMous() {
    }

    /**
     * Copies the demo configuration of {@code county} (directory, gateway settings and MOUs)
     * to {@code root/config/<county>}, with {@code edit} applied to each file's text and the
     * certificate paths pointing to {@code pki}, and signs the MOUs. Returns the copy's folder.
     */
    public static Path copyDemoConfig(Path demo, String county, Path root, Path pki, BiFunction<Path, String, String> edit)
            throws IOException {
        Path source = demo.resolve(county);
        Path target = root.resolve("config").resolve(county);
        Files.createDirectories(target.resolve("mous"));
        try (Stream<Path> files = Stream.concat(Stream.of(source.resolve("directory.yml"), source.resolve("gateway.yml")),
                Files.list(source.resolve("mous")).filter(file -> file.getFileName().toString().endsWith(".yml")))) {
            for (Path file : files.toList()) {
                String text = edit.apply(file, Files.readString(file, StandardCharsets.UTF_8))
                        .replace("../../../certs-dev", pki.toString());
                Files.writeString(target.resolve(source.relativize(file)), text, StandardCharsets.UTF_8);
            }
        }
        signAsEveryParty(target.resolve("mous"), pki);
        return target;
    }

    /** Signs every MOU of {@code mousFolder} as each of its parties, with the agency keys of {@code pki}. */
    public static void signAsEveryParty(Path mousFolder, Path pki) {
        try {
            MouSignatures.signAsEveryParty(mousFolder, party -> KeyMaterial.loadSigningIdentity(
                    pki.resolve(party.substring(0, party.indexOf('.'))).resolve("agencies").resolve(party + ".p12"),
                    DevPki.PASSWORD.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
