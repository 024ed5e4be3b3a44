package org.carenet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carenet.cli.network.Network;
import org.carenet.cli.network.StartupTimings;

/**
 * One start-up and stop of a one-hospital network. PostgreSQL and Kafka start in parallel; the network starts the
 * node once both are ready, so the node's own times count from that moment.
 *
 * @param process from the JVM process's start to the network being healthy, when the run had a JVM of its own
 * @param database until PostgreSQL accepted connections and the hospital's database existed (from
 *     {@code Network.start})
 * @param broker until the Kafka broker accepted clients (from {@code Network.start})
 * @param nodeStarted the node's Spring context start, until its web server listened
 * @param nodeHealthy the node's start until {@code /actuator/health} answered {@code UP}
 * @param network {@code Network.start} until everything was healthy
 * @param stop {@code Network.close}: node, then Kafka, then PostgreSQL
 */
record StartupSample(
        Optional<Duration> process,
        Duration database,
        Duration broker,
        Duration nodeStarted,
        Duration nodeHealthy,
        Duration network,
        Duration stop) {

    /** How a run in a JVM of its own hands its sample to the benchmark: a line starting with this. */
    static final String LINE_PREFIX = "carenet-bench-startup";

    private static final String ABSENT = "-";

    StartupSample {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(nodeStarted, "nodeStarted");
        Objects.requireNonNull(nodeHealthy, "nodeHealthy");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(stop, "stop");
    }

    /**
     * Starts a one-hospital network over the empty {@code dataDirectory}, then stops it, and returns how long
     * each part took.
     *
     * @param processStart when this JVM's process started, to measure from, if this run has the JVM to itself
     */
    static StartupSample measure(Path dataDirectory, Optional<Instant> processStart) {
        Network network = Network.start(List.of(Bench.HOSPITAL), dataDirectory);
        Instant healthy = Instant.now();
        StartupTimings timings = network.timings();
        long stopping = System.nanoTime();
        network.close();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        Duration nodeBegan =
                timings.database().compareTo(timings.broker()) >= 0 ? timings.database() : timings.broker();
        return new StartupSample(
                processStart.map(start -> Duration.between(start, healthy)),
                timings.database(),
                timings.broker(),
                timings.nodes().minus(nodeBegan),
                timings.healthy().minus(nodeBegan),
                timings.healthy(),
                stop);
    }

    /** This sample as one line of {@code key=nanoseconds}, read back by {@link #parse}. */
    String toLine() {
        return LINE_PREFIX + " "
                + fields().entrySet().stream()
                        .map(field -> field.getKey() + "="
                                + field.getValue()
                                        .map(d -> Long.toString(d.toNanos()))
                                        .orElse(ABSENT))
                        .collect(Collectors.joining(" "));
    }

    /**
     * The sample that {@link #toLine} wrote.
     *
     * @throws IllegalArgumentException if {@code line} is not one
     */
    static StartupSample parse(String line) {
        String[] words = line.strip().split(" ");
        if (words.length == 0 || !words[0].equals(LINE_PREFIX)) {
            throw new IllegalArgumentException("not a start-up sample: '" + line + "'");
        }
        Map<String, Optional<Duration>> values = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not a start-up sample: '" + line + "'");
            }
            String value = words[i].substring(equals + 1);
            try {
                values.put(
                        words[i].substring(0, equals),
                        value.equals(ABSENT) ? Optional.empty() : Optional.of(Duration.ofNanos(Long.parseLong(value))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a start-up sample: '" + line + "'", e);
            }
        }
        try {
            return new StartupSample(
                    values.get("process"),
                    values.get("database").orElseThrow(),
                    values.get("broker").orElseThrow(),
                    values.get("node-started").orElseThrow(),
                    values.get("node-healthy").orElseThrow(),
                    values.get("network").orElseThrow(),
                    values.get("stop").orElseThrow());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("incomplete start-up sample: '" + line + "'", e);
        }
    }

    private Map<String, Optional<Duration>> fields() {
        Map<String, Optional<Duration>> fields = new LinkedHashMap<>();
        fields.put("process", process);
        fields.put("database", Optional.of(database));
        fields.put("broker", Optional.of(broker));
        fields.put("node-started", Optional.of(nodeStarted));
        fields.put("node-healthy", Optional.of(nodeHealthy));
        fields.put("network", Optional.of(network));
        fields.put("stop", Optional.of(stop));
        return fields;
    }
}
