package org.carenet.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.carenet.ledger.kafka.NetworkFixture.MIRIAM;
import static org.carenet.ledger.kafka.NetworkFixture.NEWPORT;
import static org.carenet.ledger.kafka.NetworkFixture.NOW;
import static org.carenet.ledger.kafka.NetworkFixture.RHODE_ISLAND;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.embedded.FreePorts;
import org.carenet.ledger.Applied;
import org.carenet.ledger.Checkpoint;
import org.carenet.ledger.Entry;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Outcome.Kind;
import org.carenet.ledger.Partitions;
import org.carenet.ledger.SigningKey;
import org.carenet.ledger.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three hospitals on one real KRaft broker, each with its replica in PostgreSQL. */
class KafkaLedgerIT {

    private static final HospitalId ST_JOSEPH = new HospitalId("st-joseph-hospital");

    @TempDir
    static Path data;

    private static EmbeddedKafkaBroker broker;
    private ThreeHospitals hospitals;
    private RawKafka raw;

    @BeforeAll
    static void startBroker() {
        int[] ports = FreePorts.find(2);
        broker = TestBroker.start(data.resolve("kafka"), ports[0], ports[1]);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startHospitals() {
        hospitals = ThreeHospitals.on(broker.bootstrapServers(), freshTopic());
        raw = new RawKafka(broker.bootstrapServers());
    }

    @AfterEach
    void stopHospitals() {
        raw.close();
        hospitals.close();
    }

    private static String freshTopic() {
        return "ledger-" + UUID.randomUUID();
    }

    private Ledger at(HospitalId hospital) {
        return hospitals.at(hospital);
    }

    @Test
    void theSeedsRulesHoldAcrossHospitals() {
        assertThat(Ledger.await(at(RHODE_ISLAND).put("patient-1", "card-1")).kind())
                .isEqualTo(Kind.APPLIED);
        assertThat(at(NEWPORT).getSynced("patient-1"))
                .isEqualTo(new LedgerState.Lookup(true, "card-1", RHODE_ISLAND, false));

        Outcome taken = Ledger.await(at(MIRIAM).put("patient-1", "card-1"));
        assertThat(taken.kind()).isEqualTo(Kind.OWNED_BY_ANOTHER);
        assertThat(taken.owner()).isEqualTo(RHODE_ISLAND);

        assertThat(Ledger.await(at(RHODE_ISLAND).transfer("patient-1", MIRIAM)).kind())
                .isEqualTo(Kind.APPLIED);
        assertThat(at(NEWPORT).getSynced("patient-1").owner()).isEqualTo(MIRIAM);
        assertThat(at(MIRIAM).getSynced("patient-1").isOwner()).isTrue();

        Outcome notOwner = Ledger.await(at(RHODE_ISLAND).remove("patient-1"));
        assertThat(notOwner.kind()).isEqualTo(Kind.NOT_OWNER);
        assertThat(notOwner.owner()).isEqualTo(MIRIAM);

        assertThat(Ledger.await(at(MIRIAM).remove("patient-1")).kind()).isEqualTo(Kind.APPLIED);
        assertThat(at(RHODE_ISLAND).getSynced("patient-1").exists()).isFalse();

        assertThat(Ledger.await(at(NEWPORT).put("patient-1", "card-2")).kind()).isEqualTo(Kind.APPLIED);
        assertThat(Ledger.await(at(NEWPORT).transfer("patient-1", NEWPORT)).kind())
                .isEqualTo(Kind.NEW_OWNER_IS_SELF);
        assertThat(Ledger.await(at(NEWPORT).transfer("patient-1", ST_JOSEPH)).kind())
                .isEqualTo(Kind.UNKNOWN_NEW_OWNER);
        assertThat(at(RHODE_ISLAND).getSynced("patient-1"))
                .isEqualTo(new LedgerState.Lookup(true, "card-2", NEWPORT, false));
        assertThat(Ledger.await(at(MIRIAM).remove("patient-2")).kind()).isEqualTo(Kind.MISSING_KEY);
    }

    @Test
    void concurrentPutsOfTheSameKeysHaveExactlyOneWinnerEverywhere() throws Exception {
        List<String> keys =
                IntStream.range(0, 200).mapToObj(i -> "patient-" + i).toList();
        Map<HospitalId, List<CompletableFuture<Outcome>>> writes = new HashMap<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(ThreeHospitals.ALL.size())) {
            Map<HospitalId, Future<List<CompletableFuture<Outcome>>>> submitted = new HashMap<>();
            for (HospitalId hospital : ThreeHospitals.ALL) {
                submitted.put(
                        hospital,
                        writers.submit(() -> keys.stream()
                                .map(key -> at(hospital).put(key, "card-at-" + hospital))
                                .toList()));
            }
            for (HospitalId hospital : ThreeHospitals.ALL) {
                writes.put(hospital, submitted.get(hospital).get());
            }
        }

        for (int i = 0; i < keys.size(); i++) {
            Map<HospitalId, Outcome> outcomes = new HashMap<>();
            for (HospitalId hospital : ThreeHospitals.ALL) {
                outcomes.put(hospital, Ledger.await(writes.get(hospital).get(i)));
            }
            List<HospitalId> winners = outcomes.entrySet().stream()
                    .filter(outcome -> outcome.getValue().applied())
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(winners).as("winners of %s", keys.get(i)).hasSize(1);
            HospitalId winner = winners.getFirst();
            outcomes.forEach((hospital, outcome) -> {
                if (!hospital.equals(winner)) {
                    assertThat(outcome.kind()).isEqualTo(Kind.OWNED_BY_ANOTHER);
                    assertThat(outcome.owner()).isEqualTo(winner);
                }
            });
            assertThat(at(winner).get(keys.get(i)).isOwner()).isTrue();
        }

        hospitals.awaitCaughtUp();
        Map<String, LedgerState.Record> records =
                hospitals.storeOf(RHODE_ISLAND).records();
        assertThat(records).hasSize(keys.size());
        records.forEach((key, record) -> assertThat(record.value()).isEqualTo("card-at-" + record.owner()));
        for (HospitalId hospital : ThreeHospitals.ALL) {
            assertThat(hospitals.storeOf(hospital).records()).isEqualTo(records);
            assertThat(at(hospital).verify().consistent()).isTrue();
            for (HospitalId other : ThreeHospitals.ALL) {
                assertThat(at(hospital).check(at(other).checkpoint())).isEmpty();
            }
        }
    }

    @Test
    void forgedReplayedAndBadlySignedEntriesProducedStraightToTheTopicAreRefusedByEveryReplica() throws Exception {
        Entry registration = hospitals.network.put(RHODE_ISLAND, "patient-1", "card-1");
        assertThat(Ledger.await(at(RHODE_ISLAND).submit(registration)).kind()).isEqualTo(Kind.APPLIED);
        assertThat(Ledger.await(at(RHODE_ISLAND).remove("patient-1")).kind()).isEqualTo(Kind.APPLIED);
        assertThat(Ledger.await(at(RHODE_ISLAND).put("patient-2", "card-2")).kind())
                .isEqualTo(Kind.APPLIED);
        hospitals.awaitCaughtUp();
        Map<HospitalId, Map<String, LedgerState.Record>> before = records();

        SigningKey stranger = SigningKey.generate(new SecureRandom());
        Entry unknownWriter = Entry.put(stranger, ST_JOSEPH, "patient-3", "card-3", NOW);
        Entry strangersTransfer = Entry.transfer(stranger, RHODE_ISLAND, "patient-2", NEWPORT, NOW);
        Entry genuine = hospitals.network.put(MIRIAM, "patient-5", "card-5");
        Entry altered = new Entry(
                genuine.writer(),
                genuine.command(),
                genuine.key(),
                "forged-card",
                null,
                genuine.nonce(),
                genuine.writtenAt(),
                genuine.signature());
        for (Entry entry : List.of(unknownWriter, strangersTransfer, altered, registration)) {
            produceRaw(entry.key(), entry.encode());
        }

        for (HospitalId hospital : ThreeHospitals.ALL) {
            for (String key : List.of("patient-1", "patient-2", "patient-3", "patient-5")) {
                at(hospital).getSynced(key);
            }
            assertThat(outcomesOf(hospital, "patient-3")).containsExactly(Kind.UNKNOWN_WRITER);
            assertThat(outcomesOf(hospital, "patient-2")).containsExactly(Kind.APPLIED, Kind.BAD_SIGNATURE);
            assertThat(outcomesOf(hospital, "patient-5")).containsExactly(Kind.BAD_SIGNATURE);
            assertThat(outcomesOf(hospital, "patient-1")).containsExactly(Kind.APPLIED, Kind.APPLIED, Kind.REPLAYED);
            assertThat(at(hospital).get("patient-1").exists()).isFalse();
            assertThat(at(hospital).verify().consistent()).isTrue();
        }
        assertThat(records()).isEqualTo(before);
    }

    @Test
    void aRecordThatIsNotAnEntryIsSkippedAlikeByEveryReplica() throws Exception {
        int partition = Partitions.of("patient-9", hospitals.logOf(RHODE_ISLAND).partitions());
        long junk = produceRaw("patient-9", "not a ledger entry".getBytes(StandardCharsets.UTF_8));
        produceRaw("patient-9", null);

        for (HospitalId hospital : ThreeHospitals.ALL) {
            // once read past, a tail of junk no longer stands for a position a synced read must wait for
            await().atMost(ThreeHospitals.CATCH_UP)
                    .until(() -> hospitals.logOf(hospital).lastPosition(partition) < junk);
            assertThat(at(hospital).getSynced("patient-9").exists()).isFalse();
        }
        assertThat(Ledger.await(at(MIRIAM).put("patient-9", "card-9")).kind()).isEqualTo(Kind.APPLIED);
        for (HospitalId hospital : ThreeHospitals.ALL) {
            assertThat(at(hospital).getSynced("patient-9").owner()).isEqualTo(MIRIAM);
            assertThat(at(hospital).history("patient-9"))
                    .singleElement()
                    .satisfies(applied -> assertThat(applied.position()).isGreaterThan(junk));
            assertThat(at(hospital).verify().consistent()).isTrue();
            assertThat(hospitals.logOf(hospital).healthy()).isTrue();
        }
    }

    @Test
    void verificationFindsAnEntryRewrittenInAReplicasDatabase() throws Exception {
        writeHistory("patient-", 20);
        hospitals.awaitCaughtUp();
        String schema = ThreeHospitals.schemaOf(NEWPORT);
        hospitals.execute("alter table " + schema + ".entries disable trigger entries_append_only");
        hospitals.execute("update " + schema + ".entries set value = 'forged' where key = 'patient-7'");

        Verification verification = at(NEWPORT).verify();
        assertThat(verification.consistent()).isFalse();
        assertThat(verification.problem()).contains("does not continue the chain");
        assertThat(at(MIRIAM).verify().consistent()).isTrue();
    }

    @Test
    void aFaithfulCopyOfTheLogAgreesWithAnotherHospitalsCheckpoint() throws Exception {
        Checkpoint checkpoint = historyWithCheckpoint();
        String copy = freshTopic();
        raw.copy(hospitals.topic(), copy, partitions(), (partition, offset, value) -> List.of(value));

        Ledger rebuilt = rebuiltFrom(copy);
        assertThat(rebuilt.check(checkpoint)).isEmpty();
        assertThat(rebuilt.verify().consistent()).isTrue();
    }

    @Test
    void aLogWithAnAlteredEntryIsExposedByAnotherHospitalsCheckpoint() throws Exception {
        Checkpoint checkpoint = historyWithCheckpoint();
        Applied target = at(RHODE_ISLAND).history("patient-3").getFirst();
        String copy = freshTopic();
        raw.copy(hospitals.topic(), copy, partitions(), (partition, offset, value) -> {
            if (partition != target.partition() || offset != target.position()) {
                return List.of(value);
            }
            Entry original = Entry.decode(value);
            return List.of(new Entry(
                            original.writer(),
                            original.command(),
                            original.key(),
                            "forged-card",
                            null,
                            original.nonce(),
                            original.writtenAt(),
                            original.signature())
                    .encode());
        });

        Ledger rebuilt = rebuiltFrom(copy);
        assertThat(rebuilt.verify().consistent())
                .as("the rebuilt replica is true to the log it read")
                .isTrue();
        assertThat(rebuilt.check(checkpoint))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));
    }

    @Test
    void aLogWithADroppedEntryIsExposedByAnotherHospitalsCheckpoint() throws Exception {
        Checkpoint checkpoint = historyWithCheckpoint();
        Applied target = at(RHODE_ISLAND).history("patient-3").getFirst();
        String copy = freshTopic();
        raw.copy(
                hospitals.topic(),
                copy,
                partitions(),
                (partition, offset, value) ->
                        partition == target.partition() && offset == target.position() ? List.of() : List.of(value));

        Ledger rebuilt = rebuiltFrom(copy);
        assertThat(rebuilt.get("patient-3").exists()).isFalse();
        assertThat(rebuilt.check(checkpoint))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));
    }

    @Test
    void aLogWithTwoEntriesSwappedIsExposedByAnotherHospitalsCheckpoint() throws Exception {
        Checkpoint checkpoint = historyWithCheckpoint();
        // every partition grew past the checkpoint, so the entry after this one exists and is covered
        Applied target = at(RHODE_ISLAND).history("patient-3").getFirst();
        String copy = freshTopic();
        byte[][] held = new byte[1][];
        raw.copy(hospitals.topic(), copy, partitions(), (partition, offset, value) -> {
            if (partition == target.partition() && offset == target.position()) {
                held[0] = value;
                return List.of();
            }
            if (partition == target.partition() && offset == target.position() + 1) {
                return List.of(value, held[0]);
            }
            return List.of(value);
        });

        Ledger rebuilt = rebuiltFrom(copy);
        assertThat(rebuilt.get("patient-3").exists())
                .as("both entries are there, in another order")
                .isTrue();
        assertThat(rebuilt.check(checkpoint))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));
    }

    @Test
    void aHospitalThatWasStoppedCatchesUpWithTheOthers() {
        writeHistory("before-", 20);
        hospitals.awaitCaughtUp();
        hospitals.stop(NEWPORT);

        writeHistory("while-away-", 60, List.of(RHODE_ISLAND, MIRIAM));
        assertThat(Ledger.await(at(MIRIAM).put("patient-moving", "card")).kind())
                .isEqualTo(Kind.APPLIED);
        assertThat(Ledger.await(at(MIRIAM).transfer("patient-moving", NEWPORT)).kind())
                .isEqualTo(Kind.APPLIED);

        hospitals.start(NEWPORT);
        hospitals.awaitCaughtUp();
        Map<String, LedgerState.Record> records =
                hospitals.storeOf(RHODE_ISLAND).records();
        assertThat(records).hasSize(20 + 60 + 1);
        assertThat(hospitals.storeOf(NEWPORT).records()).isEqualTo(records);
        assertThat(at(NEWPORT).verify().consistent()).isTrue();
        assertThat(at(NEWPORT).check(at(RHODE_ISLAND).checkpoint())).isEmpty();
        assertThat(at(NEWPORT).get("patient-moving").isOwner()).isTrue();
        assertThat(Ledger.await(at(NEWPORT).remove("patient-moving")).kind()).isEqualTo(Kind.APPLIED);
    }

    @Test
    void eachHospitalsConsumerGroupShowsHowFarItsReplicaGot() throws Exception {
        writeHistory("patient-", 30);
        hospitals.awaitCaughtUp();
        try (Admin admin = raw.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            IntStream.range(0, partitions())
                    .forEach(partition ->
                            latest.put(new TopicPartition(hospitals.topic(), partition), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                if (end.offset() > 0) {
                    ends.put(partition, end.offset());
                }
            });
            for (HospitalId hospital : ThreeHospitals.ALL) {
                String group = hospitals.logOf(hospital).settings().consumerGroup();
                await().atMost(ThreeHospitals.CATCH_UP).untilAsserted(() -> {
                    Map<TopicPartition, Long> committed = new HashMap<>();
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    offsets.forEach((partition, offset) -> {
                        if (partition.topic().equals(hospitals.topic())) {
                            committed.put(partition, offset.offset());
                        }
                    });
                    assertThat(committed).isEqualTo(ends);
                });
            }
        }
    }

    @Test
    void aTopicWithAnotherPartitionCountIsRefused() throws Exception {
        String topic = freshTopic();
        raw.createTopic(topic, 4);

        assertThatThrownBy(() -> KafkaLedgerLog.open(KafkaLedgerSettings.of(broker.bootstrapServers(), MIRIAM)
                        .withTopic(topic)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 4 partitions but the ledger is configured with 16");
    }

    @Test
    void aLogFollowsOneReplicaOnlyAndReportsItselfHealthyWhileItDoes() {
        KafkaLedgerLog log = hospitals.logOf(MIRIAM);
        await().atMost(ThreeHospitals.CATCH_UP).until(log::healthy);
        assertThatThrownBy(() -> hospitals.at(MIRIAM).start()).isInstanceOf(IllegalStateException.class);

        hospitals.stop(MIRIAM);
        assertThat(log.healthy()).isFalse();
        assertThat(log.problem()).contains("closed");
    }

    @Test
    void aReplicaFurtherAlongThanItsLogIsReportedUnhealthy() {
        writeHistory("patient-", 20);
        hospitals.awaitCaughtUp();
        hospitals.stop(NEWPORT);

        KafkaLedgerLog recreated = hospitals
                .newNode(NEWPORT, ThreeHospitals.schemaOf(NEWPORT), freshTopic())
                .log();
        await().atMost(ThreeHospitals.CATCH_UP)
                .until(
                        () -> recreated.problem().orElse(""),
                        problem -> problem.contains("does not hold the positions"));
        assertThat(recreated.healthy()).isFalse();
    }

    /** Puts {@code count} keys, each at one of the three hospitals in turn, and waits for them. */
    private void writeHistory(String prefix, int count) {
        writeHistory(prefix, count, ThreeHospitals.ALL);
    }

    /** Puts {@code count} keys, each at one of {@code writers} in turn, and waits for them. */
    private void writeHistory(String prefix, int count, List<HospitalId> writers) {
        List<CompletableFuture<Outcome>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HospitalId writer = writers.get(i % writers.size());
            writes.add(at(writer).put(prefix + i, "card-" + i));
        }
        writes.forEach(write -> assertThat(Ledger.await(write).kind()).isEqualTo(Kind.APPLIED));
    }

    /**
     * A history, Rhode Island's signed checkpoint of it, and then more: every partition has grown past the
     * checkpoint, as it does in a network that goes on writing.
     */
    private Checkpoint historyWithCheckpoint() {
        writeHistory("patient-", 40);
        hospitals.awaitCaughtUp();
        Checkpoint checkpoint = at(RHODE_ISLAND).checkpoint();
        for (int partition = 0; partition < partitions(); partition++) {
            String key = keyIn(partition);
            assertThat(Ledger.await(at(MIRIAM).put(key, "card")).kind()).isEqualTo(Kind.APPLIED);
        }
        return checkpoint;
    }

    private String keyIn(int partition) {
        return IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> "later-" + i)
                .filter(key -> Partitions.of(key, partitions()) == partition)
                .findFirst()
                .orElseThrow();
    }

    /** A fresh Miriam replica following {@code topic} to its end. */
    private Ledger rebuiltFrom(String topic) {
        Ledger rebuilt = hospitals.newNode(MIRIAM, "ledger_rebuilt", topic).ledger();
        ThreeHospitals.awaitCaughtUp(rebuilt);
        return rebuilt;
    }

    private int partitions() {
        return hospitals.logOf(RHODE_ISLAND).partitions();
    }

    private long produceRaw(String key, byte[] value) throws Exception {
        return raw.produce(hospitals.topic(), Partitions.of(key, partitions()), value);
    }

    private List<Kind> outcomesOf(HospitalId hospital, String key) {
        return at(hospital).history(key).stream()
                .map(applied -> applied.outcome().kind())
                .toList();
    }

    private Map<HospitalId, Map<String, LedgerState.Record>> records() {
        Map<HospitalId, Map<String, LedgerState.Record>> records = new HashMap<>();
        ThreeHospitals.ALL.forEach(
                hospital -> records.put(hospital, hospitals.storeOf(hospital).records()));
        return records;
    }
}
