package org.carenet.ledger.raft;

import static org.carenet.ledger.raft.NetworkFixture.HOSPITALS;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.carenet.embedded.FreePorts;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Replica;

/**
 * The seed's three hospitals on real Ratis peers (loopback ports) and real PostgreSQL replicas: one test database,
 * a schema per hospital, a Raft storage folder per hospital. Hospitals can be stopped and started again on the same
 * storage and schema, like a node restarting.
 */
final class RaftNetwork implements AutoCloseable {

    final NetworkFixture network = new NetworkFixture();
    private final String name = "test-" + UUID.randomUUID();
    private final Path storage;
    private final Duration timeout;
    private final long snapshotEvery;
    private final Map<HospitalId, String> peers = new HashMap<>();
    private final Map<HospitalId, Running> running = new HashMap<>();
    private final String url;
    private final HikariDataSource dataSource;

    private record Running(Ledger ledger, RaftLedgerLog log) {}

    RaftNetwork(Path storage, Duration timeout, long snapshotEvery) {
        this.storage = storage;
        this.timeout = timeout;
        this.snapshotEvery = snapshotEvery;
        int[] ports = FreePorts.find(HOSPITALS.size());
        for (int i = 0; i < ports.length; i++) {
            peers.put(HOSPITALS.get(i), "127.0.0.1:" + ports[i]);
        }
        url = TestDatabases.create();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
    }

    RaftNetwork(Path storage, Duration timeout) {
        this(storage, timeout, RaftLedgerSettings.DEFAULT_SNAPSHOT_EVERY);
    }

    RaftNetwork(Path storage) {
        this(storage, Duration.ofSeconds(10));
    }

    /** Starts every hospital. */
    RaftNetwork start() {
        HOSPITALS.forEach(this::start);
        return this;
    }

    Ledger start(HospitalId hospital) {
        return start(hospital, schema(hospital));
    }

    /** Starts a hospital whose replica is kept in {@code schema}: a new schema is a replica rebuilt from the log. */
    synchronized Ledger start(HospitalId hospital, String schema) {
        Replica replica = new Replica(
                hospital, network.membership, new JdbcReplicaStore(dataSource, schema), 1, Clock.systemUTC());
        RaftLedgerLog log = new RaftLedgerLog(settings(hospital));
        Ledger ledger = new Ledger(network.keyOf(hospital), log, replica, Clock.systemUTC(), timeout);
        try {
            ledger.start();
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        running.put(hospital, new Running(ledger, log));
        return ledger;
    }

    synchronized void stop(HospitalId hospital) {
        running.remove(hospital).ledger().close();
    }

    synchronized Ledger at(HospitalId hospital) {
        return running.get(hospital).ledger();
    }

    synchronized boolean isLeader(HospitalId hospital) {
        return running.containsKey(hospital) && running.get(hospital).log().isLeader();
    }

    RaftLedgerSettings settings(HospitalId hospital) {
        return new RaftLedgerSettings(
                name,
                hospital,
                peers,
                storageOf(hospital),
                timeout,
                RaftLedgerSettings.DEFAULT_ELECTION_TIMEOUT,
                snapshotEvery);
    }

    Path storageOf(HospitalId hospital) {
        return storage.resolve(hospital.value());
    }

    static String schema(HospitalId hospital) {
        return "ledger_" + hospital.value().replace('-', '_');
    }

    /** A client of the group that is no hospital's ledger: it submits whatever bytes it is given. */
    RaftClient rawClient() {
        return RaftClient.newBuilder()
                .setRaftGroup(settings(HOSPITALS.getFirst()).group())
                .setProperties(new RaftProperties())
                .build();
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public synchronized void close() {
        running.values().forEach(each -> each.ledger().close());
        running.clear();
        dataSource.close();
        TestDatabases.drop(url);
    }
}
