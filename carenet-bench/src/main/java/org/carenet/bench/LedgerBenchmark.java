package org.carenet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.carenet.network.LedgerBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench ledger}: the seed's consistent-storage experiment — get, put, transfer, remove × numbers of hospitals
 * × backends — with concurrent clients, as a table, a CSV file and a PNG chart.
 */
@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = {
            "For each backend and number of hospitals, starts that many hospitals' ledgers in this JVM (each its own"
                    + " key, replica in PostgreSQL and backend client; the backend's servers embedded as in"
                    + " 'carenet network start'), then runs --clients concurrent clients, client c at hospital"
                    + " c mod n, each doing put, then get, then transfer, then remove for --duration (gets: at most 250,000 per"
                    + " client).",
            "Writes ledger.csv and ledger.png to --out. Any refused or failed operation is an error: counted, shown,"
                    + " and the exit code is 1."
        })
final class LedgerBenchmark implements Callable<Integer> {

    private static final int ERRORS_SEEN = 1;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--backends",
            split = ",",
            defaultValue = "kafka,sql,raft",
            description = "Backends to measure (default: ${DEFAULT-VALUE})")
    List<String> backends;

    @Option(
            names = "--hospitals",
            split = ",",
            defaultValue = "1,2,3,5,8",
            description = "Numbers of hospitals (default: ${DEFAULT-VALUE})")
    List<Integer> hospitals;

    @Option(
            names = "--clients",
            defaultValue = "64",
            description = "Concurrent clients, each with one operation in flight (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(
            names = "--partitions",
            defaultValue = "16",
            description = "Ordering partitions of kafka and sql (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(
            names = "--warmup",
            defaultValue = "30s",
            converter = Durations.Converter.class,
            description = "Puts before measuring, per network, not counted; on two cores the JIT needs about half a"
                    + " minute (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = Durations.Converter.class,
            description = "Measured time per operation (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--out",
            defaultValue = "run/bench",
            description = "Where ledger.csv and ledger.png go (default: ${DEFAULT-VALUE})")
    Path out;

    /** One row of the results. */
    private record Row(LedgerBackend backend, int hospitals, LedgerWorkload.Result result) {}

    @Override
    public Integer call() throws InterruptedException {
        List<LedgerBackend> chosen = chosenBackends();
        if (clients < 1 || hospitals.stream().anyMatch(n -> n < 1) || duration.isZero() || partitions < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--clients, --hospitals and --partitions are at least 1, --duration above 0");
        }
        PrintWriter console = spec.commandLine().getOut();
        LedgerBackends.quietLogging();
        Path data = TemporaryDirectories.create("carenet-bench-ledger-");
        List<Row> rows = new ArrayList<>();
        try (EmbeddedDatabaseServer postgres = EmbeddedDatabaseServer.start(data.resolve("postgres"), 0, true);
                LedgerBackends infrastructure = new LedgerBackends(data, postgres)) {
            for (LedgerBackend backend : chosen) {
                for (int n : hospitals) {
                    console.printf(
                            "ledger: %s with %d hospital%s, %d clients ...%n",
                            backend.configName(), n, n == 1 ? "" : "s", clients);
                    console.flush();
                    String run = backend.configName() + "-" + n;
                    try (LedgerNetwork network = LedgerNetwork.prepare(n, postgres, "bench_" + run.replace('-', '_'))) {
                        infrastructure.start(backend, network, run, LedgerBackends.partitions(backend, partitions));
                        for (LedgerWorkload.Result result :
                                new LedgerWorkload(network, clients, duration, run).run(warmup)) {
                            rows.add(new Row(backend, n, result));
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new BenchmarkFailure(
                    "the ledger benchmark failed: " + e.getMessage() + " (data and logs kept in " + data + ")", e);
        }
        TemporaryDirectories.delete(data);
        print(console, rows);
        write(rows);
        console.printf("Wrote %s and %s%n", out.resolve("ledger.csv"), out.resolve("ledger.png"));
        console.flush();
        return rows.stream().allMatch(row -> row.result().errorCount() == 0) ? 0 : ERRORS_SEEN;
    }

    private List<LedgerBackend> chosenBackends() {
        List<LedgerBackend> chosen = new ArrayList<>();
        for (String name : backends) {
            try {
                LedgerBackend backend = LedgerBackend.named(name);
                if (backend == LedgerBackend.NONE) {
                    throw new IllegalArgumentException("backend none has no ledger to measure");
                }
                chosen.add(backend);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return chosen;
    }

    private void print(PrintWriter console, List<Row> rows) {
        console.println();
        console.printf(
                "Setup: %s; %d clients in one JVM with the hospitals' ledgers (closed loop, one operation in flight"
                        + " each); warm-up %s of puts, then %s per operation.%n",
                Machine.current().describe(), clients, Durations.format(warmup), Durations.format(duration));
        ResultTable table = new ResultTable();
        for (Row row : rows) {
            LedgerWorkload.Result result = row.result();
            table.add(
                    String.format(
                            Locale.ROOT,
                            "%s × %d: %s",
                            row.backend().configName(),
                            row.hospitals(),
                            result.operation().label()),
                    String.format(Locale.ROOT, "%,d ops", result.latencies().count() + result.errorCount()),
                    result.errorCount(),
                    result.perSecond(),
                    result.latencies());
        }
        table.print(console);
        console.println("get reads the local replica; put, transfer and remove return once applied at the writer.");
        for (Row row : rows) {
            row.result()
                    .errors()
                    .forEach((kind, count) -> console.printf(
                            "  %s × %d %s error %s: %,d%n",
                            row.backend().configName(),
                            row.hospitals(),
                            row.result().operation().label(),
                            kind,
                            count));
        }
        console.flush();
    }

    private void write(List<Row> rows) {
        try {
            Files.createDirectories(out);
            List<String> lines = new ArrayList<>();
            lines.add("backend,hospitals,operation,ops,errors,ops_per_second,p50_ms,p99_ms");
            List<LedgerChart.Point> points = new ArrayList<>();
            for (Row row : rows) {
                LedgerWorkload.Result result = row.result();
                boolean measured = !result.latencies().isEmpty();
                lines.add(String.format(
                        Locale.ROOT,
                        "%s,%d,%s,%d,%d,%.1f,%s,%s",
                        row.backend().configName(),
                        row.hospitals(),
                        result.operation().label(),
                        result.latencies().count(),
                        result.errorCount(),
                        result.perSecond(),
                        measured
                                ? String.format(
                                        Locale.ROOT, "%.3f", result.latencies().median() / 1e6)
                                : "",
                        measured
                                ? String.format(
                                        Locale.ROOT, "%.3f", result.latencies().p99() / 1e6)
                                : ""));
                points.add(new LedgerChart.Point(
                        row.backend().configName(), result.operation().label(), row.hospitals(), result.perSecond()));
            }
            Files.write(out.resolve("ledger.csv"), lines);
            LedgerChart.write(points, out.resolve("ledger.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results to " + out, e);
        }
    }
}
