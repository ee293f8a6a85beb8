package org.interagency.gateway.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.config.YamlConfigFile;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.CertificateUris;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.envelope.VerifiedContent;
import org.interagency.gateway.error.GatewayException;
import tools.jackson.databind.JsonNode;

/**
 * The detached CMS signatures of the parties over an MOU's canonical form. They live beside
 * the MOU file, one DER file per party: {@code <file>.sig/<agency-id>.p7s}, so that signing
 * never edits the agreement itself and each party's signature can be added on its own.
 */
public final class MouSignatures {

    private static final String EXTENSION = ".p7s";
    private static final SignedContent CMS = new SignedContent();

    private MouSignatures() {
    }

    /** Returns the signature folder of {@code mouFile}. */
    public static Path folder(Path mouFile) {
        return mouFile.resolveSibling(mouFile.getFileName() + ".sig");
    }

    /** Signs the canonical form as {@code agency} and writes {@code <file>.sig/<agency>.p7s}; returns that path. */
    public static Path sign(Path mouFile, byte[] canonical, String agency, SigningIdentity identity) throws IOException {
        byte[] signature = CMS.signDetached(canonical, identity);

        Path target = folder(mouFile).resolve(agency + EXTENSION);
        Files.createDirectories(target.getParent());
        Files.write(target, signature);
        return target;
    }

    /**
     * Signs every MOU file of {@code folder} as each of its parties, with the key
     * {@code keyOf} returns for the party. Development setups use it after making the
     * development keys; in production each party signs with {@code mou sign} on its own.
     */
    public static void signAsEveryParty(Path folder, Function<String, SigningIdentity> keyOf) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList()) {
                JsonNode tree = YamlConfigFile.read(file, MouRepository.SCHEMA, UnaryOperator.identity());
                byte[] canonical = MouCanonicalForm.of(tree);
                for (String party : YamlConfigFile.convert(file, tree, Mou.class).parties()) {
                    sign(file, canonical, party, keyOf.apply(party));
                }
            }
        }
    }

    /**
     * Verifies every signature file of {@code mouFile} over {@code canonical} and returns the
     * parties whose signatures verified. A signature file that does not verify, names no party
     * or was made by another agency's certificate stops the load, because it means the file or
     * the signature was altered. An MOU merely missing a signature loads as inactive instead.
     */
    public static List<String> verify(Path mouFile, byte[] canonical, List<String> parties, Directory directory, Instant now) {
        List<String> signed = new ArrayList<>();
        for (Path file : signatureFiles(mouFile)) {
            String agency = file.getFileName().toString().replace(EXTENSION, "");
            if (!parties.contains(agency)) {
                throw new InvalidConfigurationException(file + ": " + agency + " is not a party of " + mouFile
                        + "; delete the file or add the agency to parties and have every party sign again");
            }
            VerifiedContent verified = verifyOne(file, canonical, mouFile, directory, now);
            Optional<String> signer = CertificateUris.agencyId(verified.signer());
            if (signer.isEmpty() || !signer.get().equals(agency)) {
                throw new InvalidConfigurationException(file + ": the signature was made by " + signer.orElse("no agency")
                        + ", not by " + agency + "; sign again with 'bin/gateway mou sign --as " + agency + " " + mouFile + "'");
            }
            signed.add(agency);
        }
        return signed;
    }

    private static VerifiedContent verifyOne(Path file, byte[] canonical, Path mouFile, Directory directory, Instant now) {
        try {
            return CMS.verifyDetached(Files.readAllBytes(file), canonical, directory.trustAnchors(), now);
        } catch (GatewayException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(file + ": the signature does not verify over the canonical form of "
                    + mouFile + " (" + e.getMessage() + "). If the MOU was changed on purpose, raise its version, delete the folder "
                    + mouFile.getFileName() + ".sig and have every party sign again. Otherwise restore the text the parties signed, "
                    + "or replace a damaged signature file by signing again as its party", e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot be read; check its permissions", e);
        }
    }

    private static List<Path> signatureFiles(Path mouFile) {
        Path folder = folder(mouFile);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
        } catch (IOException e) {
            throw new InvalidConfigurationException(folder + ": cannot be listed; check its permissions", e);
        }
    }
}
