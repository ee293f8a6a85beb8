package org.interagency.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MouRepositoryTest {

    private static final Agency JUVENILE_HALL = agency("alameda.juvenile-hall", "juvenile-hall");
    private static final Agency ALAMEDA_PROBATION = agency("alameda.probation", "probation");
    private static final Agency CONTRA_COSTA_PROBATION = agency("contra-costa.probation", "probation");
    private static final Agency CONTRA_COSTA_WELFARE = agency("contra-costa.child-welfare", "child-welfare");
    private static final Agency CONTRA_COSTA_SHERIFF = agency("contra-costa.sheriff", "law-enforcement");

    private static final Directory DIRECTORY = new Directory("test-network", List.of(
            county("alameda", JUVENILE_HALL, ALAMEDA_PROBATION),
            county("contra-costa", CONTRA_COSTA_PROBATION, CONTRA_COSTA_WELFARE, CONTRA_COSTA_SHERIFF)),
            List.of());

    private static final String DETENTION_NOTICE = "detention-notice";
    private static final LocalDate MID_TERM = LocalDate.of(2026, 6, 15);

    @TempDir
    Path folder;

    @Test
    void loadsEveryYamlFile() {
        copy("two-county-protocol.yml");

        MouRepository repository = MouRepository.load(folder, DIRECTORY);

        assertThat(repository.all()).hasSize(1);
        assertThat(repository.all().get(0).missingParties()).containsExactly("alameda.juvenile-hall", "alameda.probation",
                "contra-costa.probation", "contra-costa.child-welfare");
        Mou mou = repository.all().get(0).mou();
        assertThat(mou.id()).isEqualTo("two-county-protocol");
        assertThat(mou.version()).isEqualTo(3);
        assertThat(mou.effective()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(mou.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(mou.clauses()).extracting(MouClause::id).containsExactly("detention-notices");
        assertThat(mou.clauses().get(0).senders()).containsExactly(
                new PartySelector("alameda.juvenile-hall", null, null),
                new PartySelector(null, "probation", List.of("alameda")));
    }

    @Test
    void missingFolderMeansNoMous() {
        MouRepository repository = MouRepository.load(folder.resolve("absent"), DIRECTORY);

        assertThat(repository.all()).isEmpty();
    }

    @Test
    void schemaViolationNamesFileAndLine() {
        Path file = copy("retention-zero.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":26:")
                .hasMessageContaining("/clauses/0/retentionDays");
    }

    @Test
    void reversedDatesAreRejected() {
        Path file = copy("dates-reversed.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expires 2025-12-31 is before effective 2026-01-01");
    }

    @Test
    void unknownPartyIsRejected() {
        Path file = copy("unknown-party.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("party marin.probation is not an agency of the directory");
    }

    @Test
    void unknownClauseAgencyIsRejected() {
        Path file = copy("unknown-clause-agency.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("clause detention-notices names agency alameda.group-home");
    }

    @Test
    void unknownDataClassNamesFileAndLine() {
        Path file = copy("unknown-data-class.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":21:")
                .hasMessageContaining("names data class medical-secrets");
    }

    @Test
    void unknownCountyNamesFileAndLine() {
        Path file = copy("unknown-county.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(file + ":")
                .hasMessageContaining("names county marin");
    }

    @Test
    void twoFilesWithOneIdAreRejected() {
        copy("same-id.yml");
        // The repository reads files in name order, so the error names the later of the two.
        Path readSecond = copy("two-county-protocol.yml");

        assertThatThrownBy(() -> MouRepository.load(folder, DIRECTORY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(readSecond.toString())
                .hasMessageContaining("MOU id two-county-protocol is used by another file");
    }

    @Test
    void coversSenderById() {
        MouRepository repository = loadProtocol();

        Optional<ClauseReference> clause =
                repository.findCoveringClause(JUVENILE_HALL, CONTRA_COSTA_PROBATION, DETENTION_NOTICE, MID_TERM);

        assertThat(clause).contains(new ClauseReference("two-county-protocol", 3, "detention-notices"));
    }

    @Test
    void coversKindInCounties() {
        MouRepository repository = loadProtocol();

        Optional<ClauseReference> clause =
                repository.findCoveringClause(ALAMEDA_PROBATION, CONTRA_COSTA_WELFARE, DETENTION_NOTICE, MID_TERM);

        assertThat(clause).contains(new ClauseReference("two-county-protocol", 3, "detention-notices"));
    }

    @Test
    void kindInOtherCountyIsNotCovered() {
        MouRepository repository = loadProtocol();

        assertThat(repository.findCoveringClause(CONTRA_COSTA_PROBATION, CONTRA_COSTA_WELFARE, DETENTION_NOTICE, MID_TERM))
                .isEmpty();
    }

    @Test
    void recipientOutsideClauseIsNotCovered() {
        MouRepository repository = loadProtocol();

        assertThat(repository.findCoveringClause(JUVENILE_HALL, CONTRA_COSTA_SHERIFF, DETENTION_NOTICE, MID_TERM))
                .isEmpty();
    }

    @Test
    void coversOnlyBetweenEffectiveAndExpires() {
        MouRepository repository = loadProtocol();

        assertThat(find(repository, LocalDate.of(2025, 12, 31))).isEmpty();
        assertThat(find(repository, LocalDate.of(2026, 1, 1))).isPresent();
        assertThat(find(repository, LocalDate.of(2026, 12, 31))).isPresent();
        assertThat(find(repository, LocalDate.of(2027, 1, 1))).isEmpty();
    }

    @Test
    void otherExchangeTypeIsNotCovered() {
        MouRepository repository = loadProtocol();

        assertThat(repository.findCoveringClause(JUVENILE_HALL, CONTRA_COSTA_PROBATION, "missing-youth-alert", MID_TERM))
                .isEmpty();
    }

    @Test
    void deniesByDefaultWithoutMous() {
        MouRepository repository = new MouRepository(List.of());

        assertThat(repository.findCoveringClause(JUVENILE_HALL, CONTRA_COSTA_PROBATION, DETENTION_NOTICE, MID_TERM))
                .isEmpty();
    }

    @Test
    void clauseReferenceReadsIdVersionAndClause() {
        ClauseReference reference = new ClauseReference("two-county-protocol", 3, "detention-notices");

        assertThat(reference).hasToString("two-county-protocol/v3#detention-notices");
    }

    @Test
    void partySelectorMatchesIdOrKindInCounty() {
        PartySelector byId = new PartySelector("alameda.probation", null, null);
        PartySelector byKind = new PartySelector(null, "probation", List.of("contra-costa"));
        PartySelector empty = new PartySelector(null, null, null);

        assertThat(byId.matches(ALAMEDA_PROBATION)).isTrue();
        assertThat(byId.matches(CONTRA_COSTA_PROBATION)).isFalse();
        assertThat(byKind.matches(CONTRA_COSTA_PROBATION)).isTrue();
        assertThat(byKind.matches(ALAMEDA_PROBATION)).isFalse();
        assertThat(byKind.matches(CONTRA_COSTA_WELFARE)).isFalse();
        assertThat(empty.matches(ALAMEDA_PROBATION)).isFalse();
    }

    @Test
    void unsignedMouCoversNothing() {
        copy("two-county-protocol.yml");

        MouRepository unsigned = MouRepository.load(folder, DIRECTORY);

        assertThat(unsigned.all().get(0).inactiveReason(MID_TERM)).contains("contra-costa.child-welfare");
        assertThat(find(unsigned, MID_TERM)).isEmpty();
    }

    @Test
    void unsignedExpiredMouGivesBothReasons() {
        copy("two-county-protocol.yml");

        MouRepository unsigned = MouRepository.load(folder, DIRECTORY);

        assertThat(unsigned.all().get(0).inactiveReason(LocalDate.of(2027, 1, 1)))
                .contains("waits for the signatures of")
                .endsWith(" and it expired on 2026-12-31");
    }

    /** Loads the protocol as if every party had signed it; MouSignaturesTest covers real signatures. */
    private MouRepository loadProtocol() {
        copy("two-county-protocol.yml");
        return new MouRepository(MouRepository.load(folder, DIRECTORY).all().stream()
                .map(mou -> new SignedMou(mou.mou(), mou.file(), mou.digest(), mou.mou().parties()))
                .toList());
    }

    private static Optional<ClauseReference> find(MouRepository repository, LocalDate day) {
        return repository.findCoveringClause(JUVENILE_HALL, CONTRA_COSTA_PROBATION, DETENTION_NOTICE, day);
    }

    private Path copy(String resource) {
        Path target = folder.resolve(resource);
        try (InputStream in = MouRepositoryTest.class.getResourceAsStream("/policy/" + resource)) {
            assertThat(in).as("test resource policy/%s", resource).isNotNull();
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static Agency agency(String id, String kind) {
        return new Agency(id, id, kind, id.substring(0, id.indexOf('.')), true);
    }

    private static County county(String id, Agency... agencies) {
        return new County(id, id, URI.create("https://" + id + ".example.org:8443"), List.of(), List.of(agencies));
    }
}
