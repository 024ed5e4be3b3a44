package org.carenet.ledger.kafka;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.JdbcReplicaStore;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.Replica;

/**
 * The seed's three hospitals on one Kafka topic, each with its own replica in its own schema of one test database
 * and its own {@link KafkaLedgerLog}, as three nodes of a network would run.
 */
final class ThreeHospitals implements AutoCloseable {

    static final List<HospitalId> ALL =
            List.of(NetworkFixture.RHODE_ISLAND, NetworkFixture.MIRIAM, NetworkFixture.NEWPORT);
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    final NetworkFixture network = new NetworkFixture();
    private final String bootstrapServers;
    private final String topic;
    private final Duration writeTimeout;
    private final UnaryOperator<KafkaLedgerSettings> tuning;
    private final String url;
    private final HikariDataSource dataSource;
    private final Map<HospitalId, Node> running = new LinkedHashMap<>();
    private final List<Node> others = new ArrayList<>();

    /** A hospital as its node runs it: the ledger, the kafka log under it, the replica's store. */
    record Node(Ledger ledger, KafkaLedgerLog log, JdbcReplicaStore store) {}

    private ThreeHospitals(
            String bootstrapServers, String topic, Duration writeTimeout, UnaryOperator<KafkaLedgerSettings> tuning) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.writeTimeout = writeTimeout;
        this.tuning = tuning;
        this.url = TestDatabases.create();
        this.dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(TestDatabases.username());
        dataSource.setPassword(TestDatabases.password());
        dataSource.setMaximumPoolSize(8);
    }

    /** The three hospitals, started on {@code topic}; a write waits {@code writeTimeout} for its outcome. */
    static ThreeHospitals on(String bootstrapServers, String topic, Duration writeTimeout) {
        return on(bootstrapServers, topic, writeTimeout, UnaryOperator.identity());
    }

    /** The same, each hospital's kafka settings changed by {@code tuning}. */
    static ThreeHospitals on(
            String bootstrapServers, String topic, Duration writeTimeout, UnaryOperator<KafkaLedgerSettings> tuning) {
        ThreeHospitals hospitals = new ThreeHospitals(bootstrapServers, topic, writeTimeout, tuning);
        ALL.forEach(hospitals::start);
        return hospitals;
    }

    static ThreeHospitals on(String bootstrapServers, String topic) {
        return on(bootstrapServers, topic, Duration.ofSeconds(10));
    }

    String topic() {
        return topic;
    }

    Ledger at(HospitalId hospital) {
        return node(hospital).ledger();
    }

    KafkaLedgerLog logOf(HospitalId hospital) {
        return node(hospital).log();
    }

    JdbcReplicaStore storeOf(HospitalId hospital) {
        return node(hospital).store();
    }

    private Node node(HospitalId hospital) {
        Node node = running.get(hospital);
        if (node == null) {
            throw new IllegalStateException(hospital + " is not running");
        }
        return node;
    }

    static String schemaOf(HospitalId hospital) {
        return "ledger_" + hospital.value().replace('-', '_');
    }

    /** Starts {@code hospital} on its schema: a fresh replica, or the one it kept when it stopped. */
    void start(HospitalId hospital) {
        running.put(hospital, follow(hospital, schemaOf(hospital), topic));
    }

    /** Stops {@code hospital}: its ledger and kafka log close, its schema stays. */
    void stop(HospitalId hospital) {
        running.remove(hospital).ledger().close();
    }

    /**
     * Another node of {@code hospital} with a fresh replica in {@code schema}, following {@code otherTopic}: a
     * hospital that rebuilds its replica from a log someone handed it. Closed with the others.
     */
    Node newNode(HospitalId hospital, String schema, String otherTopic) {
        Node node = follow(hospital, schema, otherTopic);
        others.add(node);
        return node;
    }

    private Node follow(HospitalId hospital, String schema, String followed) {
        JdbcReplicaStore store = new JdbcReplicaStore(dataSource, schema);
        KafkaLedgerLog log = KafkaLedgerLog.open(
                tuning.apply(KafkaLedgerSettings.of(bootstrapServers, hospital).withTopic(followed)));
        Replica replica = new Replica(hospital, network.membership, store, log.partitions(), Clock.systemUTC());
        Ledger ledger = new Ledger(network.keyOf(hospital), log, replica, Clock.systemUTC(), writeTimeout).start();
        return new Node(ledger, log, store);
    }

    /** Waits until every running replica has applied everything ordered so far. */
    void awaitCaughtUp() {
        for (Node node : running.values()) {
            awaitCaughtUp(node.ledger());
        }
    }

    static void awaitCaughtUp(Ledger ledger) {
        await().atMost(CATCH_UP).ignoreExceptions().until(() -> ledger.status().lag() == 0);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        running.values().forEach(node -> node.ledger().close());
        others.forEach(node -> node.ledger().close());
        dataSource.close();
        TestDatabases.drop(url);
    }
}
