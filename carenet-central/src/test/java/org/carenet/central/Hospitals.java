package org.carenet.central;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Replica;
import org.carenet.ledger.sql.SqlLedgerLog;
import org.carenet.ledger.sql.SqlLedgerSettings;

/**
 * The network's hospitals as the sql backend runs them: each a {@link Ledger} over its own {@link Replica}, kept in a
 * schema of its own in one PostgreSQL test database, and an {@link SqlLedgerLog} talking to the central server.
 */
final class Hospitals implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final NetworkFixture network;
    private final URI central;
    private final int partitions;
    private final String url = TestDatabases.create();
    private final HikariDataSource dataSource = new HikariDataSource();
    private final Map<HospitalId, Running> running = new HashMap<>();

    Hospitals(NetworkFixture network, URI central, int partitions) {
        this.network = network;
        this.central = central;
        this.partitions = partitions;
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
        dataSource.setMaximumPoolSize(12);
    }

    /** One hospital's ledger and its connection to the central. */
    record Running(Ledger ledger, SqlLedgerLog log) implements AutoCloseable {
        @Override
        public void close() {
            ledger.close();
        }
    }

    /** Starts every hospital of the network. */
    Hospitals startAll() {
        NetworkFixture.hospitals().forEach(this::start);
        return this;
    }

    /** Starts (or restarts) {@code hospital} over its replica schema; it catches up from where the replica stands. */
    void start(HospitalId hospital) {
        running.put(hospital, run(hospital, schemaOf(hospital)));
    }

    /**
     * Another instance of {@code hospital} over a replica in {@code schema}, which the caller closes: a fresh one
     * reads the central's whole log.
     */
    Running run(HospitalId hospital, String schema) {
        SqlLedgerLog log =
                new SqlLedgerLog(new SqlLedgerSettings(central, hospital, network.keyOf(hospital), partitions));
        Replica replica = new Replica(
                hospital, network.membership, new JdbcReplicaStore(dataSource, schema), partitions, Clock.systemUTC());
        return new Running(new Ledger(network.keyOf(hospital), log, replica, Clock.systemUTC(), TIMEOUT).start(), log);
    }

    void stop(HospitalId hospital) {
        running.remove(hospital).close();
    }

    Ledger ledger(HospitalId hospital) {
        return running.get(hospital).ledger();
    }

    SqlLedgerLog log(HospitalId hospital) {
        return running.get(hospital).log();
    }

    private static String schemaOf(HospitalId hospital) {
        return "ledger_" + hospital.value().replace('-', '_');
    }

    @Override
    public void close() {
        running.values().forEach(Running::close);
        running.clear();
        dataSource.close();
        TestDatabases.drop(url);
    }
}
