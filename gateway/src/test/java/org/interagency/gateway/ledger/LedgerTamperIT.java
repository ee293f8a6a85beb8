package org.interagency.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.interagency.gateway.testing.MigratedDatabase;
import org.interagency.gateway.testing.TestPostgres;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of tampering, done directly in the database as someone with write access would,
 * on H2 and on a real PostgreSQL server: the verification names the broken entry.
 */
class LedgerTamperIT {

    static Stream<Arguments> databases() {
        Supplier<DataSource> h2 = MigratedDatabase::dataSource;
        Supplier<DataSource> postgres = () -> TestPostgres.shared().newMigratedDatabase();
        return Stream.of(Arguments.of(Named.of("H2", h2)), Arguments.of(Named.of("PostgreSQL", postgres)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void intactLedgerVerifies(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(3);
        fixture.checkpointWitnessedByContraCosta();
        fixture.append(2);

        VerificationReport report = fixture.verifier.verify();

        assertThat(report.problems()).isEmpty();
        assertThat(report.entries()).isEqualTo(5);
        assertThat(report.checkpoints()).isEqualTo(1);
        assertThat(report.witnessed()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void editedRowIsNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(4);

        fixture.jdbc.sql("UPDATE ledger_entry SET recipient_agency = 'contra-costa.sheriff' WHERE seq = 2").update();

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.seq()).isEqualTo(2);
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.EDITED);
        assertThat(first.detail()).startsWith("entry 2 ");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletedRowIsNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(4);

        fixture.jdbc.sql("DELETE FROM ledger_entry WHERE seq = 2").update();

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.seq()).isEqualTo(2);
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.MISSING);
        assertThat(first.detail()).isEqualTo("entry 2 is missing: entry 3 follows entry 1");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void insertedRowIsNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        List<LedgerEntry> entries = fixture.append(3);
        LedgerEntry forged = new LedgerEntry(4, entries.get(2).recordedAt(), "alameda", LedgerEvent.SENT, "msg-0",
                "detention-notice", "alameda.juvenile-hall", "contra-costa.sheriff", Decision.PERMIT, null, null, null,
                null, null, null, null, entries.get(0).entryHash(), null);

        fixture.insert(forged, Ledger.hash(forged));

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.seq()).isEqualTo(4);
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.LINK_BROKEN);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void reorderedRowsAreNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(4);

        fixture.jdbc.sql("UPDATE ledger_entry SET seq = 0 WHERE seq = 2").update();
        fixture.jdbc.sql("UPDATE ledger_entry SET seq = 2 WHERE seq = 3").update();
        fixture.jdbc.sql("UPDATE ledger_entry SET seq = 3 WHERE seq = 0").update();

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.seq()).isEqualTo(2);
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.EDITED);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void truncatedTailIsNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(5);
        fixture.checkpointWitnessedByContraCosta();

        fixture.jdbc.sql("DELETE FROM ledger_entry WHERE seq >= 4").update();

        VerificationReport report = fixture.verifier.verify();
        assertThat(report.headSeq()).isEqualTo(3);
        assertThat(report.firstProblem().seq()).isEqualTo(5);
        assertThat(report.firstProblem().kind()).isEqualTo(VerificationReport.Kind.TRUNCATED);
        assertThat(report.firstProblem().detail()).contains("names entry 5, but the ledger ends at entry 3");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void truncatedTailIsNamedByWitnessAlone(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(5);
        fixture.checkpointWitnessedByContraCosta();

        fixture.jdbc.sql("DELETE FROM ledger_entry WHERE seq >= 4").update();
        fixture.jdbc.sql("DELETE FROM ledger_checkpoint").update();

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.TRUNCATED);
        assertThat(first.detail()).startsWith("the checkpoint witnessed by contra-costa");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rewrittenChainIsCaughtByWitness(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(3);
        LedgerEntry witnessed = fixture.checkpointWitnessedByContraCosta();
        fixture.append(2);

        fixture.rewriteFrom(2, "contra-costa.sheriff");
        fixture.jdbc.sql("DELETE FROM ledger_checkpoint").update();

        VerificationReport report = fixture.verifier.verify();
        assertThat(fixture.ledger.firstBrokenEntry()).as("the recomputed chain itself holds").isEqualTo(-1);
        assertThat(report.problems()).hasSize(1);
        assertThat(report.firstProblem().seq()).isEqualTo(witnessed.seq());
        assertThat(report.firstProblem().kind()).isEqualTo(VerificationReport.Kind.CHECKPOINT_MISMATCH);
        assertThat(report.firstProblem().detail()).contains("witnessed by contra-costa", witnessed.entryHash());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void deletedCheckpointsAreCaughtByPartnerCopy(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(5);
        fixture.checkpointWitnessedByContraCosta();
        byte[] partnerCopy = fixture.checkpoints.latest().orElseThrow().signed();

        fixture.jdbc.sql("DELETE FROM ledger_entry WHERE seq >= 4").update();
        fixture.jdbc.sql("DELETE FROM ledger_checkpoint").update();
        fixture.jdbc.sql("DELETE FROM checkpoint_witness").update();

        assertThat(fixture.verifier.verify().problems()).as("nothing local is left to compare with").isEmpty();
        VerificationReport.Problem first = fixture.verifier.verify(List.of(partnerCopy), "contra-costa").firstProblem();
        assertThat(first.seq()).isEqualTo(5);
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.TRUNCATED);
        assertThat(first.detail()).startsWith("the copy of the signed checkpoint that contra-costa stored names entry 5");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void forgedAcknowledgementIsNamed(Supplier<DataSource> database) throws Exception {
        LedgerFixture fixture = new LedgerFixture(database.get());
        fixture.append(2);
        LedgerEntry head = fixture.checkpointWitnessedByContraCosta();
        CheckpointAcknowledgement forged = new CheckpointAcknowledgement("contra-costa", "alameda", head.seq(),
                head.entryHash(), "sha256:" + "00".repeat(32), "2026-01-01T00:00:00Z");

        byte[] signedByAlameda = fixture.signatures.sign(forged, LedgerFixture.gatewayKey("alameda"));
        fixture.jdbc.sql("UPDATE checkpoint_witness SET acknowledgement = ? WHERE seq = ?")
                .params(java.util.Base64.getEncoder().encodeToString(signedByAlameda), head.seq())
                .update();

        VerificationReport.Problem first = fixture.verifier.verify().firstProblem();
        assertThat(first.kind()).isEqualTo(VerificationReport.Kind.SIGNATURE_INVALID);
        assertThat(first.detail()).contains("urn:gateway:alameda", "not urn:gateway:contra-costa");
    }
}
