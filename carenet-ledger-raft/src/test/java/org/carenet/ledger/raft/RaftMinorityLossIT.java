package org.carenet.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.carenet.ledger.raft.NetworkFixture.HOSPITALS;
import static org.carenet.ledger.raft.NetworkFixture.MIRIAM;
import static org.carenet.ledger.raft.NetworkFixture.NEWPORT;
import static org.carenet.ledger.raft.NetworkFixture.RHODE_ISLAND;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.carenet.ledger.Checkpoint;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger survives the loss of a minority of hospitals, and says so when it loses its majority. */
class RaftMinorityLossIT {

    @TempDir
    Path storage;

    private RaftNetwork network;

    @AfterEach
    void stopTheHospitals() {
        network.close();
    }

    @Test
    void whenTheLeadingHospitalStopsTheOthersKeepWritingAndItCatchesUpOnRestart() {
        // frequent snapshots: the restarted hospital resumes after its latest one
        network = new RaftNetwork(storage, Duration.ofSeconds(10), 16).start();
        assertThat(Ledger.await(network.at(RHODE_ISLAND).put("patient-0", "card-0"))
                        .applied())
                .isTrue();
        HospitalId leader = await().atMost(Duration.ofSeconds(10))
                .until(() -> HOSPITALS.stream().filter(network::isLeader).findFirst(), found -> found.isPresent())
                .orElseThrow();
        network.stop(leader);
        List<HospitalId> others =
                HOSPITALS.stream().filter(hospital -> !hospital.equals(leader)).toList();

        List<CompletableFuture<Outcome>> writes = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            for (HospitalId hospital : others) {
                writes.add(network.at(hospital).put("patient-" + hospital + "-" + i, "card-" + i));
            }
        }
        writes.forEach(write -> assertThat(Ledger.await(write).applied()).isTrue());

        Ledger restarted = network.start(leader);
        Ledger survivor = network.at(others.getFirst());
        assertThat(restarted.getSynced("patient-" + others.getLast() + "-50").value())
                .isEqualTo("card-50");
        Checkpoint theirs = survivor.checkpoint();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> restarted.checkpoint().heads().getFirst().position()
                        >= theirs.heads().getFirst().position());
        assertThat(restarted.check(theirs)).isEmpty();
        assertThat(restarted.verify().consistent()).isTrue();
        assertThat(restarted.verify().entries()).isEqualTo(101);
        assertThat(Ledger.await(restarted.put("patient-after", "card")).applied())
                .isTrue();
    }

    @Test
    void aHospitalWhoseReplicaLostWhatItsRaftSnapshotCoversDoesNotStart() {
        network = new RaftNetwork(storage, Duration.ofSeconds(10), 16).start();
        for (int i = 0; i < 40; i++) {
            assertThat(Ledger.await(network.at(MIRIAM).put("patient-" + i, "card-" + i))
                            .applied())
                    .isTrue();
        }
        assertThat(network.at(NEWPORT).getSynced("patient-39").exists()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> hasSnapshot(network.storageOf(NEWPORT)));
        network.stop(NEWPORT);

        assertThatThrownBy(() -> network.start(NEWPORT, "ledger_newport_restored_from_nothing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not start the raft peer of newport-hospital")
                .hasMessageContaining("the replica lost entries");
    }

    private static boolean hasSnapshot(Path storage) throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("snapshot."));
        }
    }

    @Test
    void withTwoOfThreeHospitalsStoppedAWriteFailsAsUnavailableInsteadOfHanging() {
        network = new RaftNetwork(storage, Duration.ofSeconds(3)).start();
        Ledger rhodeIsland = network.at(RHODE_ISLAND);
        assertThat(Ledger.await(rhodeIsland.put("patient-0", "card-0")).applied())
                .isTrue();
        network.stop(MIRIAM);
        network.stop(NEWPORT);

        assertThatThrownBy(() -> Ledger.await(rhodeIsland.put("patient-1", "card-1")))
                .isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> rhodeIsland.getSynced("patient-0")).isInstanceOf(LedgerUnavailableException.class);
        assertThat(rhodeIsland.get("patient-0").exists())
                .as("local reads still work")
                .isTrue();
    }
}
