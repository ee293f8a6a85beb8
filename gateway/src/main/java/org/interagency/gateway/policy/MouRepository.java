package org.interagency.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.config.YamlConfigFile;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The MOUs this gateway enforces, read from the MOU folder at start. Every file is checked
 * against the MOU JSON Schema, every agency and county it names against the directory, and
 * every party's signature over its canonical form. An MOU still waiting for a signature loads
 * as inactive, with a warning that names the missing parties.
 */
public final class MouRepository {

    static final String SCHEMA = "json-schema/mou.schema.json";

    private static final Logger log = LoggerFactory.getLogger(MouRepository.class);

    private final List<SignedMou> mous;

    public MouRepository(List<SignedMou> mous) {
        this.mous = List.copyOf(mous);
    }

    /** Loads every {@code *.yml} file of {@code folder}, verifying signatures at the current time. */
    public static MouRepository load(Path folder, Directory directory) {
        return load(folder, directory, Instant.now());
    }

    /** Loads every {@code *.yml} file of {@code folder}; a missing folder means no agreements. */
    public static MouRepository load(Path folder, Directory directory, Instant now) {
        if (!Files.isDirectory(folder)) {
            return new MouRepository(List.of());
        }
        List<SignedMou> mous = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : yamlFiles(folder)) {
            SignedMou mou = read(file, directory, now);
            if (!ids.add(mou.mou().id())) {
                throw new InvalidConfigurationException(YamlConfigFile.place(file, "/id") + ": MOU id " + mou.mou().id()
                        + " is used by another file of " + folder + "; keep one file per MOU");
            }
            if (!mou.missingParties().isEmpty()) {
                log.warn("MOU {} version {} ({}) is inactive until these parties sign it: {}", mou.mou().id(),
                        mou.mou().version(), file.getFileName(), mou.missingParties());
            }
            mous.add(mou);
        }
        return new MouRepository(mous);
    }

    /**
     * Reads one MOU file: schema, checks against the directory, canonical form, digest and
     * signatures. {@code mou validate} and the gateway's start both use it.
     */
    public static SignedMou read(Path file, Directory directory, Instant now) {
        JsonNode tree = YamlConfigFile.read(file, SCHEMA, UnaryOperator.identity());
        Mou mou = YamlConfigFile.convert(file, tree, Mou.class);
        MouChecks.check(file, mou, directory);

        byte[] canonical = MouCanonicalForm.of(tree);
        List<String> signedBy = MouSignatures.verify(file, canonical, mou.parties(), directory, now);
        return new SignedMou(mou, file, MouCanonicalForm.digest(canonical), signedBy);
    }

    /** Returns every loaded MOU, active or not. */
    public List<SignedMou> all() {
        return mous;
    }

    /** Returns the loaded MOU with {@code id}. */
    public Optional<SignedMou> find(String id) {
        return mous.stream().filter(mou -> mou.mou().id().equals(id)).findFirst();
    }

    /**
     * Finds a clause of an MOU active on {@code day} that covers the sender, recipient and
     * exchange type. Deny by default: no covering clause means the message may not flow.
     */
    public Optional<ClauseReference> findCoveringClause(Agency sender, Agency recipient, String exchangeType, LocalDate day) {
        for (SignedMou signed : mous) {
            if (!signed.activeOn(day)) {
                continue;
            }
            for (MouClause clause : signed.mou().clauses()) {
                if (clause.covers(sender, recipient, exchangeType)) {
                    return Optional.of(new ClauseReference(signed.mou().id(), signed.mou().version(), clause.id()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidConfigurationException(folder + ": MOU folder cannot be listed; check its permissions", e);
        }
    }
}
