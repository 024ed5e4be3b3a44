package org.carenet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.carenet.cli.network.Network;
import org.carenet.cli.network.StartupTimings;
import org.carenet.network.LedgerBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench users}: authenticated reads of one staff account, {@code GET /api/users/{id}}, by concurrent
 * clients in a closed loop against a one-hospital network in this JVM. Each read is what every API call pays: the
 * token checked against the database, the permission matrix, the read itself, and an audit entry.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a one-hospital network in this JVM (temporary data directory, port 8000), creates a NURSE"
                    + " account as admin, then runs --clients concurrent clients that read it with GET"
                    + " /api/users/{id} as admin, each sending its next request as soon as the answer arrives.",
            "Prints requests per second and latencies of the measured window after the warm-up. Any answer but"
                    + " 200 is an error: counted, shown, and the exit code is 1."
        })
final class UsersBenchmark implements Callable<Integer> {

    private static final String NURSE = "bench-nurse";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD_PROPERTY = "carenet.access.initial-admin-password";
    private static final int ERRORS_SEEN = 1;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--clients",
            defaultValue = "32",
            description = "Concurrent clients, each a virtual thread with its own keep-alive connection"
                    + " (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--warmup",
            defaultValue = "60s",
            converter = Durations.Converter.class,
            description = "Load before measuring, not counted (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(
            names = "--duration",
            defaultValue = "20s",
            converter = Durations.Converter.class,
            description = "Measured window (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (clients < 1) {
            throw new ParameterException(spec.commandLine(), "--clients must be at least 1, not " + clients);
        }
        if (duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration must be longer than 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        NodePorts.requireFree(1);
        Path data = TemporaryDirectories.create("carenet-bench-users-");
        String adminPassword = randomPassword();
        out.printf("users: starting a one-hospital network, data under %s ...%n", data);
        out.flush();
        ClosedLoop.Result result;
        try (Network network = Network.start(
                        List.of(Bench.HOSPITAL),
                        data,
                        LedgerBackend.KAFKA,
                        Map.of(ADMIN_PASSWORD_PROPERTY, adminPassword));
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            StartupTimings timings = network.timings();
            out.printf("  network healthy after %s%n", StartupTimings.seconds(timings.healthy()));
            StaffApi api = new StaffApi(http, network.baseUrl(Bench.HOSPITAL.id()));
            String adminToken = api.login(ADMIN, adminPassword);
            String nurseId = api.createUser(adminToken, NURSE, randomPassword(), List.of("NURSE"));
            api.requireUser(adminToken, nurseId, NURSE);
            out.printf(
                    "  %d clients reading GET /api/users/%s: %s warm-up, then %s measured ...%n",
                    clients, nurseId, Durations.format(warmup), Durations.format(duration));
            out.flush();
            result = new ClosedLoop(clients, warmup, duration, () -> ResourceUsage.now(data.resolve("postgres")))
                    .run(api.getUser(adminToken, nurseId));
        } catch (RuntimeException | IOException e) {
            throw new BenchmarkFailure(
                    "the users benchmark failed: " + e.getMessage() + " (data and logs kept in " + data + ")", e);
        }
        print(out, result);
        TemporaryDirectories.deleteUnlessErrors(data, result.errorCount(), out);
        out.flush();
        return result.errorCount() == 0 ? 0 : ERRORS_SEEN;
    }

    private void print(PrintWriter out, ClosedLoop.Result result) {
        out.println();
        out.printf(
                "Setup: %s; 1 hospital; %d clients (virtual threads, one HTTP/1.1 keep-alive connection each) in the"
                        + " node's JVM, closed loop, one admin token; warm-up %s, measured %s.%n",
                Machine.current().describe(), clients, Durations.format(warmup), Durations.format(duration));
        new ResultTable()
                .add(
                        "users: GET /api/users/{id}",
                        String.format(Locale.ROOT, "%,d requests", result.requests()),
                        result.errorCount(),
                        result.perSecond(),
                        result.latencies())
                .print(out);
        out.println("Throughput and latencies count 200 answers only; any other answer is an error.");
        out.printf(
                "CPU in the measured window, of %d cores: %s.%n",
                Runtime.getRuntime().availableProcessors(), result.resources());
        if (result.stillWarmingUp()) {
            out.println(ClosedLoop.Result.warmingUpAdvice("the reads", warmup));
        }
        result.errors()
                .forEach((kind, count) -> out.printf(
                        "  error %s: %,d, e.g. %s%n",
                        kind, count, result.examples().get(kind)));
        out.flush();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
