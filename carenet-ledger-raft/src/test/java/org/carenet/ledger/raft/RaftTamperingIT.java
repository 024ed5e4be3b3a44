package org.carenet.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.carenet.ledger.raft.NetworkFixture.MIRIAM;
import static org.carenet.ledger.raft.NetworkFixture.NEWPORT;
import static org.carenet.ledger.raft.NetworkFixture.RHODE_ISLAND;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.ratis.protocol.exceptions.ChecksumException;
import org.carenet.ledger.Checkpoint;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Outcome.Kind;
import org.carenet.ledger.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when a hospital's own copy of the ledger is altered: its PostgreSQL history, or its Raft log. */
class RaftTamperingIT {

    @TempDir
    Path storage;

    private RaftNetwork network;

    @BeforeEach
    void tenPatientsRegisteredAtRhodeIsland() {
        network = new RaftNetwork(storage).start();
        Ledger rhodeIsland = network.at(RHODE_ISLAND);
        for (int i = 0; i < 10; i++) {
            assertThat(Ledger.await(rhodeIsland.put("patient-" + i, "card-00" + i))
                            .applied())
                    .isTrue();
        }
        assertThat(network.at(NEWPORT).getSynced("patient-9").exists()).isTrue();
    }

    @AfterEach
    void stopTheHospitals() {
        network.close();
    }

    @Test
    void anEntryRewrittenInAReplicasHistoryIsFoundByVerification() throws SQLException {
        String schema = RaftNetwork.schema(NEWPORT);
        network.execute("alter table " + schema + ".entries disable trigger entries_append_only");
        network.execute("update " + schema + ".entries set value = 'card-666' where key = 'patient-7'");

        Verification verification = network.at(NEWPORT).verify();
        assertThat(verification.consistent()).isFalse();
        assertThat(verification.problem()).contains("does not continue the chain");
        assertThat(network.at(MIRIAM).verify().consistent()).isTrue();
    }

    @Test
    void aRaftLogWithAlteredBytesIsRefusedWhenThePeerStarts() {
        network.stop(NEWPORT);
        RaftLogSegments.rewrite(network.storageOf(NEWPORT), "card-007", "card-666", false);

        assertThatThrownBy(() -> network.start(NEWPORT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start the raft peer of newport-hospital")
                .hasMessageContaining("Log entry corrupted")
                .hasRootCauseInstanceOf(ChecksumException.class);
        assertThat(Ledger.await(network.at(MIRIAM).put("patient-10", "card-010"))
                        .applied())
                .as("the two others go on")
                .isTrue();
    }

    @Test
    void aRaftLogRewrittenWithValidChecksumsIsExposedByAnotherHospitalsCheckpoint() {
        network.stop(NEWPORT);
        RaftLogSegments.rewrite(network.storageOf(NEWPORT), "card-007", "card-666", true);

        // a replica rebuilt from the rewritten log: Raft accepts the log, the replica applies what it holds
        Ledger newport = network.start(NEWPORT, "ledger_newport_rebuilt");
        Checkpoint rhodeIsland = network.at(RHODE_ISLAND).checkpoint();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> newport.checkpoint().heads().equals(rhodeIsland.heads())
                        || newport.checkpoint().heads().getFirst().position()
                                >= rhodeIsland.heads().getFirst().position());

        assertThat(newport.history("patient-7"))
                .extracting(applied -> applied.outcome().kind())
                .containsExactly(Kind.BAD_SIGNATURE);
        assertThat(newport.verify().consistent())
                .as("the rebuilt replica's own chain is consistent: only another hospital can tell")
                .isTrue();
        assertThat(newport.check(rhodeIsland))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));
        assertThat(network.at(MIRIAM).check(rhodeIsland)).isEmpty();
    }

    @Test
    void aRaftLogWithTwoEntriesSwappedIsExposedByAnotherHospitalsCheckpoint() {
        network.stop(NEWPORT);
        RaftLogSegments.swapEntries(network.storageOf(NEWPORT), "card-003", "card-004");

        Ledger newport = network.start(NEWPORT, "ledger_newport_swapped");
        Checkpoint rhodeIsland = network.at(RHODE_ISLAND).checkpoint();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> newport.checkpoint().heads().getFirst().position()
                        >= rhodeIsland.heads().getFirst().position());

        assertThat(newport.get("patient-3").value())
                .as("both entries applied, in each other's place")
                .isEqualTo("card-003");
        assertThat(newport.history("patient-3").getFirst().position())
                .isEqualTo(
                        network.at(RHODE_ISLAND).history("patient-4").getFirst().position());
        assertThat(newport.check(rhodeIsland))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));
        assertThat(network.at(MIRIAM).check(rhodeIsland)).isEmpty();
    }

    @Test
    void aRaftLogWithAnEntryDroppedIsRefusedWhenThePeerStarts() {
        network.stop(NEWPORT);
        RaftLogSegments.drop(network.storageOf(NEWPORT), "card-005");

        assertThatThrownBy(() -> network.start(NEWPORT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start the raft peer of newport-hospital")
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("gap between entry");
        assertThat(Ledger.await(network.at(MIRIAM).put("patient-10", "card-010"))
                        .applied())
                .as("the two others go on")
                .isTrue();
    }
}
