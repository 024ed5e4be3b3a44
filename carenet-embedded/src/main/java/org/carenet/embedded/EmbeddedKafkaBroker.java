package org.carenet.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * An Apache Kafka broker running inside this JVM: one node in KRaft combined mode (broker and controller), plain
 * text listeners on the loopback interface, its log directory kept across restarts.
 *
 * <p>The directory is formatted only the first time (Kafka's {@code meta.properties} then holds the cluster id);
 * later starts reuse it. The quorum is static (one voter named in {@code controller.quorum.voters}), so the
 * listeners may move to other free ports on every start.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The loggers of the broker (and of Kafka clients), kept at WARN so they do not drown everything else. */
    public static final String[] KAFKA_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger"};

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final int brokerPort;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDirectory, int brokerPort) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.brokerPort = brokerPort;
    }

    /** Starts a broker over {@code logDirectory} on free ports; returns once it accepts clients. */
    public static EmbeddedKafkaBroker start(Path logDirectory) {
        int[] ports = FreePorts.find(2);
        return start(logDirectory, ports[0], ports[1]);
    }

    /** Starts a broker over {@code logDirectory}, listening for clients and for the controller on the given ports. */
    public static EmbeddedKafkaBroker start(Path logDirectory, int brokerPort, int controllerPort) {
        quietLogging();
        Path directory = logDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + directory, e);
        }
        KafkaConfig config = KafkaConfig.fromProps(config(directory, brokerPort, controllerPort), false);
        if (!Files.exists(directory.resolve(META_PROPERTIES))) {
            format(directory);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            // returns once the broker has caught up with the metadata log and is unfenced
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException("cannot start embedded Kafka broker over " + directory, e);
        }
        return new EmbeddedKafkaBroker(server, directory, brokerPort);
    }

    private static Properties config(Path directory, int brokerPort, int controllerPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(NODE_ID));
        settings.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        settings.put(
                "listeners",
                BROKER_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                        + controllerPort);
        settings.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        settings.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        settings.put("inter.broker.listener.name", BROKER_LISTENER);
        settings.put("controller.listener.names", CONTROLLER_LISTENER);
        settings.put("log.dirs", directory.toString());
        settings.put("metadata.log.dir", directory.toString());
        // one broker: every internal topic has one replica
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // small footprint and fast first use on a developer machine
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    private static void format(Path directory) {
        try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(silent)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(directory.toString())
                    .addDirectory(directory.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + directory, e);
        }
    }

    private static void quietLogging() {
        LoggingSystem logging = LoggingSystem.get(EmbeddedKafkaBroker.class.getClassLoader());
        for (String logger : KAFKA_LOGGERS) {
            logging.setLogLevel(logger, LogLevel.WARN);
        }
    }

    /** Where clients connect: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** The cluster id that formatting wrote into {@code meta.properties}. */
    public String clusterId() {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDirectory.resolve(META_PROPERTIES))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + META_PROPERTIES + " in " + logDirectory, e);
        }
        return meta.getProperty("cluster.id");
    }

    /** Shuts the broker down (controlled shutdown, logs flushed) and waits until it has stopped. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
