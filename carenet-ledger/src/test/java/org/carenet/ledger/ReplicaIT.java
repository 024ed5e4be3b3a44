package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carenet.ledger.NetworkFixture.MIRIAM;
import static org.carenet.ledger.NetworkFixture.NEWPORT;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carenet.embedded.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replica kept in a real PostgreSQL: apply, resume, verify, compare checkpoints. */
class ReplicaIT {

    private static final int PARTITIONS = 4;

    private final NetworkFixture network = new NetworkFixture();
    private String url;
    private HikariDataSource dataSource;

    @BeforeEach
    void database() {
        url = TestDatabases.create();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
    }

    @AfterEach
    void dropDatabase() {
        dataSource.close();
        TestDatabases.drop(url);
    }

    private Replica replica(HospitalId hospital, String schema) {
        return new Replica(
                hospital, network.membership, new JdbcReplicaStore(dataSource, schema), PARTITIONS, Clock.systemUTC());
    }

    /** Orders entries the way a backend would: each in its key's partition, one position after another. */
    private static final class Orderer {
        private final long[] next = new long[PARTITIONS];

        Ordered order(Entry entry) {
            int partition = Partitions.of(entry.key(), PARTITIONS);
            return new Ordered(partition, next[partition]++, entry);
        }
    }

    @Test
    void aReplicaResumesFromWhatItStoredAndSkipsWhatIsDeliveredAgain() {
        Orderer log = new Orderer();
        List<Ordered> first = List.of(
                log.order(network.put(RHODE_ISLAND, "patient-1", "card-1")),
                log.order(network.put(MIRIAM, "patient-1", "card-1")),
                log.order(network.put(MIRIAM, "patient-2", "card-2")));
        Replica replica = replica(RHODE_ISLAND, "ledger");
        assertThat(replica.apply(first))
                .extracting(a -> a.outcome().kind())
                .containsExactly(Outcome.Kind.APPLIED, Outcome.Kind.OWNED_BY_ANOTHER, Outcome.Kind.APPLIED);

        Replica restarted = replica(RHODE_ISLAND, "ledger");
        assertThat(restarted.heads()).isEqualTo(replica.heads());
        assertThat(restarted.get("patient-1")).isEqualTo(new LedgerState.Lookup(true, "card-1", RHODE_ISLAND, true));
        assertThat(restarted.apply(first)).as("delivered again").isEmpty();

        Ordered transfer = log.order(network.transfer(RHODE_ISLAND, "patient-1", NEWPORT));
        assertThat(restarted.apply(List.of(transfer)).getFirst().outcome().applied())
                .isTrue();
        assertThat(restarted.get("patient-1").owner()).isEqualTo(NEWPORT);
        assertThat(restarted.history("patient-1"))
                .extracting(a -> a.entry().command(), a -> a.outcome().kind())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Entry.Command.PUT, Outcome.Kind.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(Entry.Command.PUT, Outcome.Kind.OWNED_BY_ANOTHER),
                        org.assertj.core.groups.Tuple.tuple(Entry.Command.TRANSFER, Outcome.Kind.APPLIED));
        assertThat(restarted.verify().consistent()).isTrue();
        assertThat(restarted.verify().entries()).isEqualTo(4);
    }

    @Test
    void aReplicaFollowsTheLogItWasBuiltFromAndRefusesAnother() {
        replica(RHODE_ISLAND, "ledger").follow("kafka");
        Replica restarted = replica(RHODE_ISLAND, "ledger");
        restarted.follow("kafka");
        assertThatThrownBy(() -> restarted.follow("sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("follows the kafka log with 4 partition(s), not the sql log");
        Replica morePartitions = new Replica(
                RHODE_ISLAND,
                network.membership,
                new JdbcReplicaStore(dataSource, "ledger"),
                PARTITIONS * 2,
                Clock.systemUTC());
        assertThatThrownBy(() -> morePartitions.follow("kafka"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the kafka log with 8");
    }

    @Test
    void aReplayedEntryIsRefusedEvenAfterARestart() {
        Orderer log = new Orderer();
        Entry put = network.put(MIRIAM, "patient-1", "card-1");
        Entry remove = network.remove(MIRIAM, "patient-1");
        replica(NEWPORT, "ledger").apply(List.of(log.order(put), log.order(remove)));

        Replica restarted = replica(NEWPORT, "ledger");
        assertThat(restarted.apply(List.of(log.order(put))).getFirst().outcome().kind())
                .isEqualTo(Outcome.Kind.REPLAYED);
        assertThat(restarted.get("patient-1").exists()).isFalse();
    }

    @Test
    void anEntryOrderedInAnotherPartitionThanItsKeysIsRefused() {
        Entry put = network.put(MIRIAM, "patient-1", "card-1");
        int wrong = (Partitions.of("patient-1", PARTITIONS) + 1) % PARTITIONS;
        Replica replica = replica(MIRIAM, "ledger");
        assertThat(replica.apply(List.of(new Ordered(wrong, 0, put)))
                        .getFirst()
                        .outcome()
                        .kind())
                .isEqualTo(Outcome.Kind.WRONG_PARTITION);
        assertThat(replica.get("patient-1").exists()).isFalse();
        assertThat(replica.verify().consistent()).isTrue();
    }

    @Test
    void theWriterLearnsItsOutcomeOnceTheEntryIsStored() {
        Orderer log = new Orderer();
        Replica replica = replica(MIRIAM, "ledger");
        replica.apply(List.of(log.order(network.put(RHODE_ISLAND, "patient-1", "card-1"))));
        Entry mine = network.put(MIRIAM, "patient-1", "card-1");
        CompletableFuture<Outcome> outcome = replica.expect(mine);
        assertThat(outcome).isNotDone();
        replica.apply(List.of(log.order(mine)));
        assertThat(outcome)
                .isCompletedWithValueMatching(o ->
                        o.kind() == Outcome.Kind.OWNED_BY_ANOTHER && o.owner().equals(RHODE_ISLAND));
    }

    @Test
    void anAwaitedEntryIsStillRefusedIfTheLogCarriesItWithAnotherSignature() {
        Orderer log = new Orderer();
        Replica replica = replica(MIRIAM, "ledger");
        Entry mine = network.put(MIRIAM, "patient-1", "card-1");
        CompletableFuture<Outcome> outcome = replica.expect(mine);
        byte[] tampered = mine.signature();
        tampered[0] ^= 1;
        replica.apply(List.of(log.order(mine.withSignature(tampered))));
        assertThat(outcome).isCompletedWithValueMatching(o -> o.kind() == Outcome.Kind.BAD_SIGNATURE);
        assertThat(replica.get("patient-1").exists()).isFalse();
    }

    @Test
    void aBatchThatCannotBeKeptChangesNothing() throws SQLException {
        Orderer log = new Orderer();
        Replica replica = replica(RHODE_ISLAND, "ledger");
        Entry first = network.put(RHODE_ISLAND, "patient-1", "card-1");
        replica.apply(List.of(log.order(first)));
        List<Head> before = replica.heads();
        execute("alter table ledger.heads rename to heads_gone");

        assertThatThrownBy(() -> replica.apply(List.of(
                        log.order(network.put(RHODE_ISLAND, "patient-2", "card-2")),
                        log.order(network.remove(RHODE_ISLAND, "patient-1")),
                        log.order(first))))
                .isInstanceOf(IllegalStateException.class);
        execute("alter table ledger.heads_gone rename to heads");

        assertThat(replica.get("patient-2").exists()).isFalse();
        assertThat(replica.get("patient-1").exists()).isTrue();
        assertThat(replica.heads()).isEqualTo(before);
        assertThat(replica.verify().consistent()).isTrue();
        assertThat(replica.apply(List.of(log.order(first))).getFirst().outcome().kind())
                .as("the undone batch's replay did not take the original's nonce with it")
                .isEqualTo(Outcome.Kind.REPLAYED);
    }

    @Test
    void verificationFindsARewrittenEntry() throws SQLException {
        Replica replica = withHistory();
        execute("alter table ledger.entries disable trigger entries_append_only");
        execute("update ledger.entries set value = 'forged' where key = 'patient-5' and command = 'PUT'");

        Verification verification = replica.verify();
        assertThat(verification.consistent()).isFalse();
        assertThat(verification.problem()).contains("does not continue the chain");
    }

    @Test
    void verificationFindsARemovedEntry() throws SQLException {
        Replica replica = withHistory();
        execute("alter table ledger.entries disable trigger entries_append_only");
        execute("delete from ledger.entries where key = 'patient-3'");

        assertThat(replica.verify().consistent()).isFalse();
    }

    @Test
    void verificationFindsARecordTheHistoryDoesNotExplain() throws SQLException {
        Replica replica = withHistory();
        execute("update ledger.records set owner = 'newport-hospital' where key = 'patient-4'");

        Verification verification = replica.verify();
        assertThat(verification.consistent()).isFalse();
        assertThat(verification.problem()).contains("patient-4");
    }

    @Test
    void theHistoryCannotBeRewrittenWhileTheGuardIsOn() {
        withHistory();
        assertThatThrownBy(() -> execute("delete from ledger.entries")).hasMessageContaining("append-only");
    }

    @Test
    void checkpointsOfReplicasThatSawTheSameLogAgreeAndOthersDoNot() {
        Orderer log = new Orderer();
        List<Ordered> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(log.order(network.put(i % 2 == 0 ? RHODE_ISLAND : MIRIAM, "patient-" + i, "card")));
        }
        Replica rhodeIsland = replica(RHODE_ISLAND, "ledger_rhode_island");
        Replica miriam = replica(MIRIAM, "ledger_miriam");
        Replica newport = replica(NEWPORT, "ledger_newport");
        rhodeIsland.apply(entries);
        miriam.apply(entries);
        List<Ordered> tampered = new ArrayList<>(entries);
        tampered.set(
                3,
                new Ordered(
                        entries.get(3).partition(),
                        entries.get(3).position(),
                        network.put(NEWPORT, "patient-x", "card")));
        newport.apply(tampered);

        Checkpoint fromRhodeIsland = rhodeIsland.checkpoint(network.rhodeIsland);
        assertThat(miriam.check(fromRhodeIsland)).isEmpty();
        assertThat(newport.check(fromRhodeIsland))
                .hasValueSatisfying(problem -> assertThat(problem).contains("rhode-island-hospital's history differs"));

        Checkpoint forged = Checkpoint.signed(RHODE_ISLAND, rhodeIsland.heads(), NetworkFixture.NOW, network.newport);
        assertThat(miriam.check(forged))
                .hasValueSatisfying(problem -> assertThat(problem).contains("not signed"));
    }

    @Test
    void aReaderCanWaitForAPosition() throws InterruptedException {
        Orderer log = new Orderer();
        Replica replica = replica(MIRIAM, "ledger");
        Ordered put = log.order(network.put(RHODE_ISLAND, "patient-1", "card-1"));
        assertThat(replica.awaitPosition(put.partition(), put.position(), Duration.ofMillis(10)))
                .isFalse();
        replica.apply(List.of(put));
        assertThat(replica.awaitPosition(put.partition(), put.position(), Duration.ofMillis(10)))
                .isTrue();
    }

    private Replica withHistory() {
        Orderer log = new Orderer();
        List<Ordered> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(log.order(network.put(RHODE_ISLAND, "patient-" + i, "card-" + i)));
        }
        entries.add(log.order(network.transfer(RHODE_ISLAND, "patient-4", MIRIAM)));
        Replica replica = replica(RHODE_ISLAND, "ledger");
        replica.apply(entries);
        assertThat(replica.verify().consistent()).isTrue();
        return replica;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
