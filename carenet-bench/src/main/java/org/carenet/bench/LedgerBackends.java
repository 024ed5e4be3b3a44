package org.carenet.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.carenet.central.CarenetCentral;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.embedded.FreePorts;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.MembershipFile;
import org.carenet.ledger.kafka.KafkaLedgerLog;
import org.carenet.ledger.kafka.KafkaLedgerSettings;
import org.carenet.ledger.raft.RaftLedgerLog;
import org.carenet.ledger.raft.RaftLedgerSettings;
import org.carenet.ledger.sql.SqlLedgerLog;
import org.carenet.ledger.sql.SqlLedgerSettings;
import org.carenet.network.LedgerBackend;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What each backend needs, started in this JVM like {@code carenet network start} does: the Kafka broker (once, a
 * fresh topic per network), the central ledger server (per network, on its own database), or nothing beyond the
 * hospitals themselves (Raft: one peer per hospital, on free ports).
 */
final class LedgerBackends implements AutoCloseable {

    /** What the benchmark logs: warnings, not the engines' chatter (Ratis reports every retried request as an error). */
    private static final Map<String, LogLevel> QUIET = Map.of(
            LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN, "org.apache.ratis.client.impl.OrderedAsync", LogLevel.OFF);

    private final Path data;
    private final EmbeddedDatabaseServer postgres;
    private EmbeddedKafkaBroker broker;

    LedgerBackends(Path data, EmbeddedDatabaseServer postgres) {
        this.data = data;
        this.postgres = postgres;
    }

    /** Turns the JVM's logging down to {@link #QUIET}; call before anything starts. */
    static void quietLogging() {
        LoggingSystem logging = LoggingSystem.get(LedgerBackends.class.getClassLoader());
        QUIET.forEach(logging::setLogLevel);
    }

    /** Partitions for a backend that partitions; Raft orders one log. */
    static int partitions(LedgerBackend backend, int requested) {
        return backend == LedgerBackend.RAFT ? 1 : requested;
    }

    /** Starts the ledger of every hospital of {@code network} on {@code backend}; {@code run} names its parts. */
    void start(LedgerBackend backend, LedgerNetwork network, String run, int partitions) {
        switch (backend) {
            case KAFKA -> {
                String topic = "bench-ledger-" + UUID.randomUUID();
                String servers = broker().bootstrapServers();
                network.start(
                        partitions,
                        (member, replica) -> KafkaLedgerLog.open(KafkaLedgerSettings.of(servers, member.id())
                                .withTopic(topic)
                                .withPartitions(partitions)));
            }
            case SQL -> {
                URI central = startCentral(network, run, partitions);
                network.start(
                        partitions,
                        (member, replica) -> new SqlLedgerLog(
                                new SqlLedgerSettings(central, member.id(), member.key(), partitions)));
            }
            case RAFT -> {
                int[] ports = FreePorts.find(network.size());
                Map<HospitalId, String> peers = new LinkedHashMap<>();
                network.members().forEach(member -> peers.put(member.id(), "127.0.0.1:" + ports[member.index()]));
                String name = "bench-" + run + "-" + UUID.randomUUID();
                Path storage = data.resolve("raft").resolve(name);
                network.start(
                        partitions,
                        (member, replica) -> new RaftLedgerLog(RaftLedgerSettings.of(
                                name,
                                member.id(),
                                peers,
                                storage.resolve(member.id().value()))));
            }
            case NONE -> throw new IllegalArgumentException("backend none has no ledger to measure");
        }
    }

    /** A central server on its own database, kept until the network closes; returns its base URL. */
    private URI startCentral(LedgerNetwork network, String run, int partitions) {
        String database = "bench_central_" + run.replace('-', '_');
        postgres.createDatabaseIfMissing(database);
        Path membership = data.resolve(run + "-membership.json");
        MembershipFile.write(network.membership(), membership);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", 0);
        properties.put("spring.datasource.url", postgres.jdbcUrl(database));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("carenet.central.membership", membership.toString());
        properties.put(
                "carenet.central.operator-key",
                network.membership().operatorKey().toBase64());
        properties.put("carenet.central.partitions", partitions);
        properties.put("spring.main.banner-mode", "off");
        // the central's start re-initialises the JVM's logging: keep it as quiet
        QUIET.forEach((logger, level) -> properties.put("logging.level." + logger, level.name()));
        ConfigurableApplicationContext central = CarenetCentral.start(properties);
        network.own(central);
        int port = ((WebServerApplicationContext) central).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    private EmbeddedKafkaBroker broker() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start(data.resolve("kafka"));
        }
        return broker;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
