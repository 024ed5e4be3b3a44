package org.carenet.ledger.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.Ledger.await;
import static org.carenet.ledger.raft.NetworkFixture.HOSPITALS;
import static org.carenet.ledger.raft.NetworkFixture.MIRIAM;
import static org.carenet.ledger.raft.NetworkFixture.NEWPORT;
import static org.carenet.ledger.raft.NetworkFixture.NOW;
import static org.carenet.ledger.raft.NetworkFixture.RHODE_ISLAND;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Checkpoint;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Outcome.Kind;
import org.carenet.ledger.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three hospitals, each its own Ratis peer and PostgreSQL replica, writing through one Raft group. */
class RaftLedgerIT {

    @TempDir
    Path storage;

    private RaftNetwork network;

    @BeforeEach
    void startTheHospitals() {
        network = new RaftNetwork(storage).start();
    }

    @AfterEach
    void stopTheHospitals() {
        network.close();
    }

    @Test
    void theSeedsRulesHoldAcrossHospitals() {
        Ledger rhodeIsland = network.at(RHODE_ISLAND);
        Ledger miriam = network.at(MIRIAM);
        Ledger newport = network.at(NEWPORT);

        assertThat(await(rhodeIsland.put("patient-1", "card-1")).kind()).isEqualTo(Kind.APPLIED);
        Outcome taken = await(miriam.put("patient-1", "card-m"));
        assertThat(taken.kind()).isEqualTo(Kind.OWNED_BY_ANOTHER);
        assertThat(taken.owner()).isEqualTo(RHODE_ISLAND);

        assertThat(await(rhodeIsland.transfer("patient-1", MIRIAM)).kind()).isEqualTo(Kind.APPLIED);
        assertThat(miriam.getSynced("patient-1")).isEqualTo(new LedgerState.Lookup(true, "card-1", MIRIAM, true));
        assertThat(await(rhodeIsland.remove("patient-1")).kind()).isEqualTo(Kind.NOT_OWNER);
        assertThat(await(miriam.remove("patient-1")).kind()).isEqualTo(Kind.APPLIED);

        assertThat(await(newport.put("patient-1", "card-n")).kind()).isEqualTo(Kind.APPLIED);
        assertThat(await(newport.transfer("patient-1", NEWPORT)).kind()).isEqualTo(Kind.NEW_OWNER_IS_SELF);
        assertThat(await(newport.transfer("patient-1", new HospitalId("unknown-hospital")))
                        .kind())
                .isEqualTo(Kind.UNKNOWN_NEW_OWNER);

        LedgerState.Lookup atNewport = new LedgerState.Lookup(true, "card-n", NEWPORT, false);
        assertThat(rhodeIsland.getSynced("patient-1")).isEqualTo(atNewport);
        assertThat(miriam.getSynced("patient-1")).isEqualTo(atNewport);
        assertThat(rhodeIsland.history("patient-1")).hasSize(8);
        HOSPITALS.forEach(hospital ->
                assertThat(network.at(hospital).verify().consistent()).isTrue());
    }

    @Test
    void aSyncedReadRightAfterTheWholeGroupRestartedWaitsForItsElection() {
        assertThat(await(network.at(RHODE_ISLAND).put("patient-1", "card-1")).kind())
                .isEqualTo(Kind.APPLIED);
        HOSPITALS.forEach(network::stop);
        HOSPITALS.forEach(network::start);
        assertThat(network.at(MIRIAM).getSynced("patient-1"))
                .isEqualTo(new LedgerState.Lookup(true, "card-1", RHODE_ISLAND, false));
    }

    @Test
    void everyKeyPutConcurrentlyAtEveryHospitalHasExactlyOneWinnerAndTheReplicasAgree() {
        int keys = 200;
        Map<HospitalId, List<CompletableFuture<Outcome>>> writes = new HashMap<>();
        for (int key = 0; key < keys; key++) {
            for (HospitalId hospital : HOSPITALS) {
                writes.computeIfAbsent(hospital, h -> new ArrayList<>())
                        .add(network.at(hospital).put("patient-" + key, "card-of-" + hospital));
            }
        }
        for (int key = 0; key < keys; key++) {
            List<HospitalId> winners = new ArrayList<>();
            for (HospitalId hospital : HOSPITALS) {
                Outcome outcome = await(writes.get(hospital).get(key));
                if (outcome.applied()) {
                    winners.add(hospital);
                } else {
                    assertThat(outcome.kind()).isEqualTo(Kind.OWNED_BY_ANOTHER);
                }
            }
            assertThat(winners).as("winners of patient-" + key).hasSize(1);
            HospitalId winner = winners.getFirst();
            for (HospitalId hospital : HOSPITALS) {
                assertThat(network.at(hospital).getSynced("patient-" + key))
                        .isEqualTo(new LedgerState.Lookup(true, "card-of-" + winner, winner, hospital.equals(winner)));
            }
        }

        Checkpoint first = network.at(RHODE_ISLAND).checkpoint();
        for (HospitalId hospital : HOSPITALS) {
            Ledger ledger = network.at(hospital);
            assertThat(ledger.checkpoint().heads()).as(hospital + "'s heads").isEqualTo(first.heads());
            assertThat(ledger.check(first)).isEmpty();
            assertThat(ledger.verify().consistent()).isTrue();
            assertThat(ledger.verify().entries()).isEqualTo(keys * HOSPITALS.size());
        }
    }

    @Test
    void forgedBadlySignedReplayedAndUnreadableSubmissionsAreRefusedByEveryReplica() throws Exception {
        Ledger rhodeIsland = network.at(RHODE_ISLAND);
        Entry first = network.network.put(RHODE_ISLAND, "patient-8", "card-8");
        assertThat(await(rhodeIsland.submit(first)).applied()).isTrue();
        assertThat(await(rhodeIsland.put("patient-8", "card-9")).applied()).isTrue();

        SigningKey mallory = SigningKey.generate(new SecureRandom());
        Entry unknownWriter = Entry.put(mallory, new HospitalId("mallory-clinic"), "patient-9", "card-x", NOW);
        Entry signed = network.network.put(MIRIAM, "patient-9", "card-9");
        Entry badSignature = new Entry(
                signed.writer(),
                signed.command(),
                signed.key(),
                "card-forged",
                null,
                signed.nonce(),
                signed.writtenAt(),
                signed.signature());

        try (RaftClient outsider = network.rawClient()) {
            assertThat(submit(outsider, unknownWriter.encode())).isEqualTo("UNKNOWN_WRITER");
            assertThat(submit(outsider, badSignature.encode())).isEqualTo("BAD_SIGNATURE");
            assertThat(submit(outsider, first.encode())).isEqualTo("REPLAYED");
            assertThat(submit(outsider, "not an entry".getBytes(StandardCharsets.UTF_8)))
                    .startsWith("UNREADABLE");
        }

        for (HospitalId hospital : HOSPITALS) {
            Ledger ledger = network.at(hospital);
            assertThat(ledger.getSynced("patient-9").exists()).isFalse();
            assertThat(ledger.getSynced("patient-8"))
                    .isEqualTo(new LedgerState.Lookup(true, "card-9", RHODE_ISLAND, hospital.equals(RHODE_ISLAND)));
            assertThat(ledger.history("patient-9"))
                    .extracting(applied -> applied.outcome().kind())
                    .containsExactly(Kind.UNKNOWN_WRITER, Kind.BAD_SIGNATURE);
            assertThat(ledger.history("patient-8"))
                    .extracting(Applied::outcome)
                    .extracting(Outcome::kind)
                    .containsExactly(Kind.APPLIED, Kind.APPLIED, Kind.REPLAYED);
            assertThat(ledger.verify().consistent()).isTrue();
        }
    }

    private static String submit(RaftClient client, byte[] bytes) throws Exception {
        RaftClientReply reply =
                client.async().send(Message.valueOf(ByteString.copyFrom(bytes))).get();
        assertThat(reply.isSuccess()).isTrue();
        return reply.getMessage().getContent().toStringUtf8();
    }
}
