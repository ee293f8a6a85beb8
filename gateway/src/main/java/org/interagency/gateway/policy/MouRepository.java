package org.interagency.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import tools.jackson.databind.JsonNode;

/**
 * The MOUs this gateway enforces, read from the MOU folder at start. Every file is checked
 * against the MOU JSON Schema and every agency it names against the directory.
 */
public final class MouRepository {

    static final String SCHEMA = "json-schema/mou.schema.json";

    private final List<Mou> mous;

    public MouRepository(List<Mou> mous) {
        this.mous = List.copyOf(mous);
    }

    /** Loads every {@code *.yml} file of {@code folder}; a missing folder means no agreements. */
    public static MouRepository load(Path folder, Directory directory) {
        if (!Files.isDirectory(folder)) {
            return new MouRepository(List.of());
        }
        List<Mou> mous = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : yamlFiles(folder)) {
            JsonNode tree = YamlConfigFile.read(file, SCHEMA, UnaryOperator.identity());
            Mou mou = YamlConfigFile.convert(tree, Mou.class);
            checkAgainstDirectory(file, mou, directory);
            if (!ids.add(mou.id())) {
                throw new InvalidConfigurationException(file + ": MOU id " + mou.id()
                        + " is used by another file of " + folder + "; keep one file per MOU");
            }
            mous.add(mou);
        }
        return new MouRepository(mous);
    }

    /** Returns every loaded MOU. */
    public List<Mou> all() {
        return mous;
    }

    /**
     * Finds a clause of an MOU active on {@code day} that covers the sender, recipient and
     * exchange type. Deny by default: no covering clause means the message may not flow.
     */
    public Optional<ClauseReference> findCoveringClause(Agency sender, Agency recipient, String exchangeType, LocalDate day) {
        for (Mou mou : mous) {
            if (!mou.activeOn(day)) {
                continue;
            }
            for (MouClause clause : mou.clauses()) {
                if (clause.covers(sender, recipient, exchangeType)) {
                    return Optional.of(new ClauseReference(mou.id(), mou.version(), clause.id()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidConfigurationException(folder + ": MOU folder cannot be listed; check its permissions", e);
        }
    }

    private static void checkAgainstDirectory(Path file, Mou mou, Directory directory) {
        if (mou.expires().isBefore(mou.effective())) {
            throw new InvalidConfigurationException(file + ": expires " + mou.expires() + " is before effective "
                    + mou.effective() + "; swap or correct the dates");
        }
        for (String party : mou.parties()) {
            if (directory.agency(party).isEmpty()) {
                throw new InvalidConfigurationException(file + ": party " + party
                        + " is not an agency of the directory; correct the id or add the agency to directory.yml");
            }
        }
        for (MouClause clause : mou.clauses()) {
            Stream.concat(clause.senders().stream(), clause.recipients().stream())
                    .filter(selector -> selector.agency() != null && directory.agency(selector.agency()).isEmpty())
                    .findFirst()
                    .ifPresent(selector -> {
                        throw new InvalidConfigurationException(file + ": clause " + clause.id() + " names agency "
                                + selector.agency() + ", which the directory does not list; correct the id");
                    });
        }
    }
}
