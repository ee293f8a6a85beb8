package org.interagency.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.ledger.Decision;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEvent;
import org.interagency.gateway.ledger.LedgerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records a {@code SETTINGS_CHANGED} entry when the gateway starts with configuration files
 * that differ from those of the last recorded start: {@code gateway.yml}, the directory, the
 * MOU files and the county's route files. The entry's digest covers the files' names and
 * bytes, so an officer can tell which configuration was in force between two entries.
 * Settings given on the command line or by environment variables are not covered.
 */
public final class SettingsChanges {

    private SettingsChanges() {
    }

    /** Appends the entry when the digest differs from the last recorded one; returns whether it did. */
    public static boolean recordAtStart(Ledger ledger, JdbcClient jdbc, GatewayProperties properties) {
        String digest = digest(files(properties));
        String last = jdbc.sql("SELECT payload_digest FROM ledger_entry WHERE event = ? ORDER BY seq DESC LIMIT 1")
                .param(LedgerEvent.SETTINGS_CHANGED.name())
                .query(String.class)
                .optional()
                .orElse(null);
        if (digest.equals(last)) {
            return false;
        }
        ledger.append(LedgerRecord.of(LedgerEvent.SETTINGS_CHANGED, Decision.PERMIT)
                .withReason(last == null ? "FIRST_START" : "CONFIGURATION_FILES_CHANGED")
                .withDigest(digest)
                .withActor("gateway start"));
        return true;
    }

    private static List<Path> files(GatewayProperties properties) {
        List<Path> files = new ArrayList<>();
        files.add(properties.resolve(Path.of("gateway.yml")));
        files.add(properties.resolve(properties.getDirectoryFile()));
        files.addAll(list(properties.resolve(properties.getMouFolder()), ".yml"));
        files.addAll(list(properties.resolve(properties.getRoutesFolder()), ".yaml"));
        return files.stream().filter(Files::isRegularFile).sorted().toList();
    }

    private static List<Path> list(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the configuration folder " + folder + " cannot be listed", e);
        }
    }

    private static String digest(List<Path> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha256.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(Files.readAllBytes(file));
                sha256.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("a configuration file cannot be read for its digest", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", e);
        }
    }
}
