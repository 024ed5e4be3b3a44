package org.carenet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.carenet.card.ConsentGrant;
import org.carenet.card.PatientCard;
import org.carenet.card.PhysicianId;
import org.carenet.cli.network.Hospital;
import org.carenet.cli.network.Network;
import org.carenet.cli.network.NetworkIdentity;
import org.carenet.cli.network.StartupTimings;
import org.carenet.cli.patient.PatientClient;
import org.carenet.network.LedgerBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench records}: the records context under load on a two-hospital network in this JVM — a physician with
 * consent reading and writing visits (encryption, consent check and audit on), patients registering (a ledger write
 * each), and transfers from one hospital to the other (the whole saga, request to DONE).
 */
@Command(
        name = "records",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a two-hospital network in this JVM (temporary data directory, ports 8000-8001). A physician at"
                    + " the first hospital, with a patient's read-and-write grant, then reads one visit (GET"
                    + " /api/patients/{p}/visits/{v}) and writes visits (POST) with --clients concurrent clients in"
                    + " a closed loop; then --registrations patients register with the same concurrency, and"
                    + " --transfers of them move to the second hospital with --transfer-clients concurrent"
                    + " patients.",
            "Prints a table of throughput and latencies. Any unexpected answer is an error: counted, shown, and the"
                    + " exit code is 1."
        })
final class RecordsBenchmark implements Callable<Integer> {

    private static final List<Hospital> HOSPITALS =
            List.of(Hospital.named("Bench Hospital"), Hospital.named("Bench Other Hospital"));
    private static final String ADMIN_PASSWORD_PROPERTY = "carenet.access.initial-admin-password";
    private static final String PHYSICIAN = "bench-physician";
    private static final int SEEDED_VISITS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--warmup",
            defaultValue = "60s",
            converter = Durations.Converter.class,
            description = "Load before each measured window, not counted; on two cores the JIT compilers are busy"
                    + " for about a minute (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(
            names = "--duration",
            defaultValue = "20s",
            converter = Durations.Converter.class,
            description = "Each measured window (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--registrations",
            defaultValue = "3000",
            description = "Patients who register (default: ${DEFAULT-VALUE})")
    int registrations;

    @Option(
            names = "--transfers",
            defaultValue = "200",
            description = "Of them, how many transfer to the other hospital (default: ${DEFAULT-VALUE})")
    int transfers;

    @Option(
            names = "--transfer-clients",
            defaultValue = "8",
            description = "Patients transferring at once (default: ${DEFAULT-VALUE})")
    int transferClients;

    @Option(
            names = "--backend",
            defaultValue = "kafka",
            description = "The ledger backend: kafka, sql or raft (default: ${DEFAULT-VALUE})")
    String backend;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (clients < 1 || transferClients < 1 || registrations < 1 || transfers < 0 || transfers > registrations) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--clients, --transfer-clients and --registrations are at least 1, --transfers at most"
                            + " --registrations");
        }
        LedgerBackend ledger;
        try {
            ledger = LedgerBackend.named(backend);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        NodePorts.requireFree(HOSPITALS.size());
        Path data = TemporaryDirectories.create("carenet-bench-records-");
        String adminPassword = password();
        out.printf("records: starting a two-hospital network on %s, data under %s ...%n", ledger.configName(), data);
        out.flush();
        ResultTable table = new ResultTable();
        List<String> problems = new ArrayList<>();
        List<String> cpu = new ArrayList<>();
        List<String> warmingUp = new ArrayList<>();
        long errors = 0;
        try (Network network = Network.start(HOSPITALS, data, ledger, Map.of(ADMIN_PASSWORD_PROPERTY, adminPassword));
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            StartupTimings timings = network.timings();
            out.printf("  network healthy after %s%n", StartupTimings.seconds(timings.healthy()));
            String here = HOSPITALS.get(0).id();
            String there = HOSPITALS.get(1).id();
            URI node = network.baseUrl(here);
            StaffApi api = new StaffApi(http, node);
            String admin = api.login("admin", adminPassword);
            String physicianPassword = password();
            JsonNode physician = call(
                    http,
                    post(
                            node,
                            "/api/physicians",
                            admin,
                            Map.of("username", PHYSICIAN, "password", physicianPassword, "name", "Bench Physician")),
                    201);
            String physicianId = physician.path("id").asString();
            String token = api.login(PHYSICIAN, physicianPassword);

            PatientCard patient = card(data, "Bench Patient", "bench-0");
            PatientClient client = new PatientClient(node, patient).login();
            client.register();
            client.grant(
                    new PhysicianId(physicianId),
                    ConsentGrant.Scope.READ_WRITE,
                    Instant.now().plus(Duration.ofDays(1)));
            String visits = "/api/patients/" + patient.patient() + "/visits";
            String lastVisit = null;
            for (int i = 0; i < SEEDED_VISITS; i++) {
                lastVisit = call(http, post(node, visits, token, visit(i)), 201)
                        .path("id")
                        .asString();
            }
            HttpRequest read = HttpRequest.newBuilder(node.resolve(visits + "/" + lastVisit))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .timeout(StaffApi.REQUEST_TIMEOUT)
                    .GET()
                    .build();
            String notes = call(http, read, 200).path("content").path("notes").asString();
            if (!notes.equals(visit(SEEDED_VISITS - 1).get("notes"))) {
                throw new BenchmarkFailure("the visit read back is not the one written: " + notes);
            }

            out.printf(
                    "  %d clients reading one visit: %s warm-up, %s measured ...%n",
                    clients, Durations.format(warmup), Durations.format(duration));
            out.flush();
            ClosedLoop.Result reads = loop(data).run(read);
            add(table, "records: visit reads (GET one)", reads);
            errors += report(reads, problems);
            cpu.add("reads: " + reads.resources());
            if (reads.stillWarmingUp()) {
                warmingUp.add("the reads");
            }

            out.printf("  %d clients writing visits ...%n", clients);
            out.flush();
            ClosedLoop.Result writes = loop(data).run(post(node, visits, token, visit(0)), 201);
            add(table, "records: visit writes (POST)", writes);
            errors += report(writes, problems);
            cpu.add("writes: " + writes.resources());
            if (writes.stillWarmingUp()) {
                warmingUp.add("the writes");
            }

            out.printf("  %,d patients logging in, then registering with %d clients ...%n", registrations, clients);
            out.flush();
            List<PatientClient> patients = loggedIn(data, node, registrations);
            Timed registered = timed(clients, patients, PatientClient::register);
            table.add(
                    "records: registrations",
                    String.format(Locale.ROOT, "%,d patients", registered.count()),
                    registered.errors(),
                    registered.perSecond(),
                    registered.latencies());
            registered.example().ifPresent(problems::add);
            errors += registered.errors();

            out.printf("  %d patients transferring to %s, %d at a time ...%n", transfers, there, transferClients);
            out.flush();
            Timed transferred = timed(transferClients, patients.subList(0, transfers), each -> {
                JsonNode transfer = each.transfer(there);
                if (!"DONE".equals(transfer.path("state").asString())) {
                    throw new IllegalStateException("the transfer answered " + transfer);
                }
            });
            table.add(
                    "records: transfers (request to DONE)",
                    String.format(Locale.ROOT, "%,d transfers", transferred.count()),
                    transferred.errors(),
                    transferred.perSecond(),
                    transferred.latencies());
            transferred.example().ifPresent(problems::add);
            errors += transferred.errors();
        } catch (RuntimeException | IOException e) {
            throw new BenchmarkFailure(
                    "the records benchmark failed: " + e.getMessage() + " (data and logs kept in " + data + ")", e);
        }
        out.println();
        out.printf(
                "Setup: %s; 2 hospitals on %s, load at the first; %d clients (virtual threads, HTTP/1.1 keep-alive)"
                        + " in the nodes' JVM; encryption, consent checks and audit on; warm-up %s, measured %s per"
                        + " closed loop.%n",
                Machine.current().describe(), backend, clients, Durations.format(warmup), Durations.format(duration));
        table.print(out);
        out.println("A visit read decrypts one visit with the physician's key opened at login; a write encrypts it to"
                + " the patient and the physician. A registration is a ledger write; a transfer the whole saga.");
        out.printf(
                "CPU in the measured windows, of %d cores: %s.%n",
                Runtime.getRuntime().availableProcessors(), String.join("; ", cpu));
        if (!warmingUp.isEmpty()) {
            out.println(ClosedLoop.Result.warmingUpAdvice(String.join(" and ", warmingUp), warmup));
        }
        problems.forEach(problem -> out.println("  error: " + problem));
        TemporaryDirectories.deleteUnlessErrors(data, errors, out);
        out.flush();
        return errors == 0 ? 0 : 1;
    }

    private ClosedLoop loop(Path data) {
        return new ClosedLoop(clients, warmup, duration, () -> ResourceUsage.now(data.resolve("postgres")));
    }

    private static void add(ResultTable table, String name, ClosedLoop.Result result) {
        table.add(
                name,
                String.format(Locale.ROOT, "%,d requests", result.requests()),
                result.errorCount(),
                result.perSecond(),
                result.latencies());
    }

    private static long report(ClosedLoop.Result result, List<String> problems) {
        result.errors()
                .forEach((kind, count) -> problems.add(
                        kind + " × " + count + ", e.g. " + result.examples().get(kind)));
        return result.errorCount();
    }

    /** What a fixed amount of work took: every item by one of {@code clients} concurrent workers. */
    record Timed(long count, long errors, double perSecond, LatencyStats latencies, Optional<String> example) {}

    interface Work {
        void on(PatientClient patient);
    }

    private static Timed timed(int clients, List<PatientClient> items, Work work) throws InterruptedException {
        ConcurrentLinkedQueue<PatientClient> queue = new ConcurrentLinkedQueue<>(items);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        List<Latencies> recorded = new ArrayList<>();
        long begin = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Latencies>> workers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                workers.add(pool.submit(() -> {
                    Latencies latencies = new Latencies(items.size() / clients + 1);
                    PatientClient next;
                    while ((next = queue.poll()) != null) {
                        long start = System.nanoTime();
                        try {
                            work.on(next);
                            latencies.record(System.nanoTime() - start);
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            examples.add(e.getMessage());
                        }
                    }
                    return latencies;
                }));
            }
            for (Future<Latencies> worker : workers) {
                recorded.add(worker.get());
            }
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("a worker failed: " + e.getCause(), e.getCause());
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        LatencyStats stats = LatencyStats.merge(recorded);
        return new Timed(
                items.size(), errors.get(), stats.count() / seconds, stats, Optional.ofNullable(examples.peek()));
    }

    private static List<PatientClient> loggedIn(Path data, URI node, int count) throws InterruptedException {
        List<Callable<PatientClient>> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PatientCard card = card(data, "Bench Patient " + i, "bench-registration-" + i);
            logins.add(() -> new PatientClient(node, card).login());
        }
        List<PatientClient> clients = new ArrayList<>();
        try (ExecutorService pool =
                Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
            for (Future<PatientClient> login : pool.invokeAll(logins)) {
                clients.add(login.get());
            }
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("a patient could not log in: " + e.getCause(), e.getCause());
        }
        return clients;
    }

    private static PatientCard card(Path data, String name, String id) {
        return PatientCard.issue(
                NetworkIdentity.operatorKey(data.toAbsolutePath().normalize()),
                NetworkIdentity.patientIdSecret(data.toAbsolutePath().normalize()),
                name,
                id,
                Instant.now(),
                new SecureRandom());
    }

    private static Map<String, Object> visit(int i) {
        return Map.of(
                "time",
                "2026-11-30T10:00:00Z",
                "reason",
                "follow-up " + i,
                "notes",
                "blood pressure stable, continue treatment " + i,
                "diagnosis",
                "essential hypertension",
                "treatment",
                "amlodipine 5 mg daily",
                "vitals",
                Map.of("systolic", 128, "diastolic", 82, "heartRate", 70, "heightCm", 172.0, "weightKg", 80.5));
    }

    private static HttpRequest post(URI node, String path, String token, Map<String, ?> body) {
        return HttpRequest.newBuilder(node.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(StaffApi.REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private static JsonNode call(HttpClient http, HttpRequest request, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new BenchmarkFailure(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
