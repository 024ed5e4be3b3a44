package org.carenet.cli.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.carenet.CarenetNode;
import org.carenet.access.InitialAdmin;
import org.carenet.central.CarenetCentral;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.network.LedgerBackend;
import org.carenet.platform.UnixDomainSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole Carenet network in this JVM: an embedded PostgreSQL server (one database per hospital), an embedded
 * Kafka broker, and one node (Spring context) per hospital, hospital <i>i</i> on HTTP port 8000 + <i>i</i>.
 *
 * <p>Everything keeps its data under the data directory: {@code postgres/}, {@code kafka/},
 * {@code <hospital-id>/} (a node's private files) and {@code logs/carenet.log}. {@link #close()} stops the nodes,
 * then Kafka, then PostgreSQL; a JVM shutdown hook does the same if the network is not closed before the JVM
 * exits, so the PostgreSQL child process never outlives it.
 */
public final class Network implements AutoCloseable {

    /** Hospital <i>i</i> (0-based, in file order) serves HTTP on this port + <i>i</i>. */
    public static final int FIRST_HTTP_PORT = 8000;

    /** The admin password a node is given (CARENET_ADMIN_PASSWORD) instead of generating one. */
    static final String ADMIN_PASSWORD_PROPERTY = "carenet.access.initial-admin-password";

    private static final Logger log = LoggerFactory.getLogger(Network.class);
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final LedgerBackend backend;
    private final Thread shutdownHook;
    private final Thread startingThread;
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    // guarded by this
    private boolean closing;
    private EmbeddedDatabaseServer database;
    private EmbeddedKafkaBroker broker;
    private ConfigurableApplicationContext central;
    private final List<RunningNode> nodes = new ArrayList<>();
    private StartupTimings timings;
    private List<Hospital> hospitals = List.of();
    private Map<String, Object> shared = Map.of();
    private Map<String, ?> nodeProperties = Map.of();

    private Network(Path dataDirectory, LedgerBackend backend, Thread startingThread) {
        this.dataDirectory = dataDirectory;
        this.backend = backend;
        this.startingThread = startingThread;
        this.shutdownHook = new Thread(this::close, "carenet-network-stop");
    }

    /** Hospital <i>i</i> serves the ledger's gRPC ConsistentStorage on this port + <i>i</i>. */
    public static final int FIRST_GRPC_PORT = 9000;

    /** With the raft backend, hospital <i>i</i>'s Raft peer listens on this port + <i>i</i>. */
    public static final int FIRST_RAFT_PORT = 9100;

    /** With the sql backend, the central ledger server listens on this port. */
    public static final int CENTRAL_PORT = 7000;

    private static final String CENTRAL_DATABASE = "carenet_central";

    /**
     * Starts a network of {@code hospitals} keeping its data in {@code dataDirectory}, its ledger on Kafka; see
     * {@link Network}.
     */
    public static Network start(List<Hospital> hospitals, Path dataDirectory) {
        return start(hospitals, dataDirectory, LedgerBackend.KAFKA, Map.of());
    }

    /**
     * Starts a network, giving every node {@code nodeProperties} on top of the network's own (which they
     * override).
     *
     * @throws IllegalArgumentException if {@code hospitals} is empty or two hospitals share an id
     * @throws NetworkStartException if a part of the network fails to start; what had started is stopped again
     */
    public static Network start(
            List<Hospital> hospitals, Path dataDirectory, LedgerBackend backend, Map<String, ?> nodeProperties) {
        if (backend == LedgerBackend.NONE) {
            throw new IllegalArgumentException("a network has a ledger: kafka, sql or raft");
        }
        if (hospitals.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one hospital");
        }
        if (hospitals.stream().map(Hospital::id).distinct().count() != hospitals.size()) {
            throw new IllegalArgumentException("two hospitals share an id: " + hospitals);
        }
        Network network = new Network(dataDirectory.toAbsolutePath().normalize(), backend, Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            network.startAll(List.copyOf(hospitals), Map.copyOf(nodeProperties));
            network.startFinished.countDown();
            return network;
        } catch (RuntimeException | Error e) {
            // first let a close() waiting for this start (the shutdown hook on Ctrl-C) go ahead, then join it
            network.startFinished.countDown();
            network.close();
            throw e;
        }
    }

    private void startAll(List<Hospital> hospitals, Map<String, ?> nodeProperties) {
        long begin = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        Map<String, Object> logging = NetworkLogging.properties(dataDirectory);
        NetworkLogging.initialize(logging);
        Map<String, Object> shared = new LinkedHashMap<>(logging);
        shared.putAll(NetworkIdentity.prepare(dataDirectory, hospitals, Instant.now()));
        synchronized (this) {
            this.hospitals = hospitals;
            this.shared = Map.copyOf(shared);
            this.nodeProperties = nodeProperties;
        }

        Duration databaseReady;
        Duration brokerReady;
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("carenet-start-", 0).factory())) {
            Future<Duration> databaseStart = executor.submit(() -> {
                EmbeddedDatabaseServer server = adopt(
                        EmbeddedDatabaseServer.start(dataDirectory.resolve("postgres"), 0, false), db -> database = db);
                for (Hospital hospital : hospitals) {
                    server.createDatabaseIfMissing(hospital.databaseName());
                }
                return since(begin);
            });
            Future<Duration> brokerStart = executor.submit(() -> {
                adopt(EmbeddedKafkaBroker.start(dataDirectory.resolve("kafka")), kafka -> broker = kafka);
                return since(begin);
            });
            databaseReady = await(databaseStart, "PostgreSQL");
            brokerReady = await(brokerStart, "Kafka");
            log.info("PostgreSQL ready after {}, Kafka after {}", databaseReady, brokerReady);
            if (backend == LedgerBackend.SQL) {
                await(
                        executor.submit(() -> adopt(startCentral(shared, nodeProperties), server -> central = server)),
                        "the central ledger server");
                log.info("Central ledger server ready at {}", centralUrl());
            }

            List<Future<RunningNode>> nodeStarts = new ArrayList<>();
            for (int i = 0; i < hospitals.size(); i++) {
                Hospital hospital = hospitals.get(i);
                int port = FIRST_HTTP_PORT + i;
                Map<String, Object> ledger = ledgerProperties(hospitals, i);
                nodeStarts.add(executor.submit(
                        () -> adopt(startNode(hospital, port, shared, ledger, nodeProperties), nodes::add)));
            }
            List<NetworkStartException> failures = new ArrayList<>();
            for (int i = 0; i < nodeStarts.size(); i++) {
                try {
                    await(nodeStarts.get(i), "the node of " + hospitals.get(i).name());
                } catch (NetworkStartException e) {
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                failures.stream().skip(1).forEach(failures.getFirst()::addSuppressed);
                throw failures.getFirst();
            }
        }
        Duration nodesReady = since(begin);
        synchronized (this) {
            nodes.sort(Comparator.comparingInt(RunningNode::port));
        }
        awaitHealthy(nodes());
        StartupTimings measured = new StartupTimings(databaseReady, brokerReady, nodesReady, since(begin));
        synchronized (this) {
            timings = measured;
        }
        log.info("Network of {} hospitals started: {}", hospitals.size(), measured);
    }

    /** What tells hospital {@code i}'s node how to reach the network's ledger. */
    private Map<String, Object> ledgerProperties(List<Hospital> hospitals, int i) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("carenet.ledger.backend", backend.configName());
        properties.put("carenet.ledger.grpc-port", FIRST_GRPC_PORT + i);
        switch (backend) {
            case KAFKA -> properties.put("carenet.ledger.kafka.bootstrap-servers", bootstrapServers());
            case RAFT -> {
                for (int peer = 0; peer < hospitals.size(); peer++) {
                    properties.put(
                            "carenet.ledger.raft.peers." + hospitals.get(peer).id(),
                            "127.0.0.1:" + (FIRST_RAFT_PORT + peer));
                }
            }
            case SQL -> properties.put("carenet.ledger.sql.central-url", centralUrl());
            case NONE -> throw new IllegalStateException("a network has a ledger");
        }
        return properties;
    }

    /** The central ledger server of the sql backend, on its own database of the network's PostgreSQL. */
    private ConfigurableApplicationContext startCentral(Map<String, Object> shared, Map<String, ?> nodeProperties) {
        EmbeddedDatabaseServer db;
        synchronized (this) {
            db = database;
        }
        db.createDatabaseIfMissing(CENTRAL_DATABASE);
        Map<String, Object> properties = new LinkedHashMap<>();
        shared.forEach((name, value) -> {
            if (name.startsWith("logging.")) {
                properties.put(name, value);
            }
        });
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", CENTRAL_PORT);
        properties.put("spring.datasource.url", db.jdbcUrl(CENTRAL_DATABASE));
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("carenet.central.membership", shared.get("carenet.network.membership-file"));
        properties.put("carenet.central.operator-key", shared.get("carenet.network.operator-key"));
        Object partitions = nodeProperties.get("carenet.ledger.partitions");
        if (partitions != null) {
            properties.put("carenet.central.partitions", partitions);
        }
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("logging.register-shutdown-hook", false);
        properties.put("spring.main.banner-mode", "off");
        try {
            return CarenetCentral.start(properties);
        } catch (RuntimeException e) {
            throw new NetworkStartException(
                    "the central ledger server (port " + CENTRAL_PORT + ") failed to start: " + rootMessage(e), e);
        }
    }

    /** Where the nodes reach the central ledger server of the sql backend. */
    private static String centralUrl() {
        return "http://127.0.0.1:" + CENTRAL_PORT;
    }

    private RunningNode startNode(
            Hospital hospital, int port, Map<String, Object> shared, Map<String, Object> ledger, Map<String, ?> extra) {
        EmbeddedDatabaseServer db;
        String bootstrapServers;
        synchronized (this) {
            if (closing) {
                throw new NetworkStartException("the network was stopped while starting", null);
            }
            db = database;
            bootstrapServers = broker.bootstrapServers();
        }
        Map<String, Object> properties = new LinkedHashMap<>(shared);
        properties.put("server.port", port);
        // the node and its database share the machine: the socket spares every query the TCP stack
        properties.put(
                "spring.datasource.url",
                db.jdbcUrl(hospital.databaseName())
                        + db.socketFile()
                                .map(file -> "?" + UnixDomainSocketFactory.urlParameters(file))
                                .orElse(""));
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("carenet.node.hospital-name", hospital.name());
        properties.put("carenet.node.hospital-id", hospital.id());
        properties.put(
                "carenet.node.data-dir", dataDirectory.resolve(hospital.id()).toString());
        // the network owns the nodes' lifecycle: it stops them in order (nodes, Kafka, PostgreSQL)
        properties.put("spring.main.register-shutdown-hook", false);
        properties.put("logging.register-shutdown-hook", false);
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(ledger);
        properties.putAll(extra);

        // A property source in front of all others, rather than SpringApplicationBuilder.properties(...): those
        // are defaults, which the node's own application.yml (server.port: ${CARENET_HTTP_PORT:8000}, ...) or a
        // stray SPRING_DATASOURCE_URL in the environment would override, putting every hospital on one port or
        // one database.
        ConfigurableEnvironment environment =
                ApplicationContextFactory.DEFAULT.createEnvironment(WebApplicationType.SERVLET);
        environment.getPropertySources().addFirst(new MapPropertySource("carenet-network-node", properties));
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(CarenetNode.class)
                    .main(CarenetNode.class)
                    .environment(environment)
                    .run();
        } catch (RuntimeException e) {
            throw new NetworkStartException(
                    "the node of " + hospital.name() + " (port " + port + ") failed to start: " + rootMessage(e), e);
        }
        try {
            Optional<String> generatedPassword =
                    context.getBean(InitialAdmin.class).generatedPassword();
            String given = context.getEnvironment().getProperty(ADMIN_PASSWORD_PROPERTY);
            return new RunningNode(hospital, port, context, generatedPassword, given != null && !given.isBlank());
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private void awaitHealthy(List<RunningNode> running) {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            for (RunningNode node : running) {
                String last = "no answer";
                while (true) {
                    synchronized (this) {
                        if (closing) {
                            throw new NetworkStartException("the network was stopped while starting", null);
                        }
                    }
                    try {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(node.healthUrl())
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && isUp(response.body())) {
                            break;
                        }
                        last = response.statusCode() + " " + response.body();
                    } catch (IOException e) {
                        last = e.toString();
                    }
                    if (System.nanoTime() > deadline) {
                        throw new NetworkStartException(
                                "the node of " + node.hospital().name() + " is not healthy after " + HEALTHY_WITHIN
                                        + " (" + node.healthUrl() + ": " + last + ")",
                                null);
                    }
                    Thread.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkStartException("interrupted while waiting for the nodes to be healthy", e);
        }
    }

    /** Whether an {@code /actuator/health} answer says the node as a whole is {@code UP}. */
    static boolean isUp(String healthResponse) {
        try {
            return "UP"
                    .equals(JsonMapper.shared()
                            .readTree(healthResponse)
                            .path("status")
                            .asString());
        } catch (JacksonException e) {
            return false;
        }
    }

    private <T extends AutoCloseable> T adopt(T component, Consumer<T> register) throws Exception {
        synchronized (this) {
            if (!closing) {
                register.accept(component);
                return component;
            }
        }
        component.close();
        throw new NetworkStartException("the network was stopped while starting", null);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NetworkStartException failure) {
                throw failure;
            }
            throw new NetworkStartException(what + " failed to start: " + rootMessage(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkStartException("interrupted while starting " + what, e);
        }
    }

    private static Duration since(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Stops one hospital's node and starts it again on its data, with {@code overrides} on top of its properties
     * (an empty value removes a setting's effect), as an operator restarting one hospital would; the rest of the
     * network runs on.
     */
    public void restartNode(String hospitalId, Map<String, ?> overrides) {
        RunningNode stopped = node(hospitalId);
        Map<String, Object> ledger;
        Map<String, Object> common;
        Map<String, Object> extra;
        synchronized (this) {
            ledger = ledgerProperties(hospitals, hospitals.indexOf(stopped.hospital()));
            common = shared;
            extra = new LinkedHashMap<>(nodeProperties);
            nodes.remove(stopped);
        }
        extra.putAll(overrides);
        stopped.close();
        RunningNode started;
        try {
            started = adopt(startNode(stopped.hospital(), stopped.port(), common, ledger, extra), nodes::add);
        } catch (NetworkStartException e) {
            throw e;
        } catch (Exception e) {
            throw new NetworkStartException("the node of " + hospitalId + " failed to start again", e);
        }
        synchronized (this) {
            nodes.sort(Comparator.comparingInt(RunningNode::port));
        }
        awaitHealthy(List.of(started));
    }

    /** The running nodes, in hospital order. */
    public synchronized List<RunningNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The node of hospital {@code hospitalId}. */
    public RunningNode node(String hospitalId) {
        return nodes().stream()
                .filter(node -> node.hospital().id().equals(hospitalId))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no hospital '" + hospitalId + "' in this network"));
    }

    /** {@code http://127.0.0.1:<port>} of hospital {@code hospitalId}'s node. */
    public URI baseUrl(String hospitalId) {
        return node(hospitalId).baseUrl();
    }

    /** The admin password that hospital {@code hospitalId}'s node generated on this start, if it did. */
    public Optional<String> generatedAdminPassword(String hospitalId) {
        return node(hospitalId).generatedAdminPassword();
    }

    /** Where Kafka clients of this network connect. */
    public synchronized String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public LedgerBackend backend() {
        return backend;
    }

    /** The log file every node writes to. */
    public Path logFile() {
        return dataDirectory.resolve(NetworkLogging.LOG_FILE);
    }

    public synchronized StartupTimings timings() {
        return timings;
    }

    /**
     * Stops the nodes, then Kafka, then PostgreSQL, and returns when all have stopped; the data stays. Safe to
     * call more than once and from several threads: later calls wait for the first to finish.
     */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !closing;
            closing = true;
        }
        if (!first) {
            awaitQuietly(stopped);
            return;
        }
        try {
            if (Thread.currentThread() != shutdownHook) {
                removeShutdownHook();
            }
            // a start in progress (Ctrl-C while starting) finishes first: seeing the network closing, it stops
            // whatever it still brings up, and everything it registered is stopped below
            if (Thread.currentThread() != startingThread) {
                awaitQuietly(startFinished);
            }
            List<RunningNode> running;
            synchronized (this) {
                running = List.copyOf(nodes);
                nodes.clear();
            }
            stopNodes(running);
            EmbeddedKafkaBroker kafka;
            EmbeddedDatabaseServer postgres;
            ConfigurableApplicationContext centralServer;
            synchronized (this) {
                kafka = broker;
                postgres = database;
                centralServer = central;
            }
            if (centralServer != null) {
                stopQuietly("the central ledger server", centralServer);
            }
            if (kafka != null) {
                stopQuietly("Kafka", kafka);
            }
            if (postgres != null) {
                stopQuietly("PostgreSQL", postgres);
            }
        } finally {
            stopped.countDown();
        }
    }

    private static void stopNodes(List<RunningNode> running) {
        if (running.isEmpty()) {
            return;
        }
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("carenet-stop-", 0).factory())) {
            for (RunningNode node : running) {
                executor.execute(
                        () -> stopQuietly("the node of " + node.hospital().name(), node));
            }
        }
    }

    private static void stopQuietly(String what, AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed", what, e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) and waits for this close
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A part of the network failed to start. */
    public static final class NetworkStartException extends IllegalStateException {

        NetworkStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
