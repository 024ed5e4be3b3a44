package org.carenet.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench startup}: how long a one-hospital network takes to start until healthy, and to stop. */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a one-hospital network (embedded PostgreSQL, Kafka broker, one node on port 8000) over an empty"
                    + " data directory, waits until it is healthy, stops it; --runs times. Each run has a JVM of its"
                    + " own unless --in-process.",
            "Prints the times of the parts: PostgreSQL and Kafka (started in parallel), the node (started once both"
                    + " are ready), the whole start, and the stop."
        })
final class StartupBenchmark implements Callable<Integer> {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "5", description = "Start-ups to measure (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep each run's data and logs in a new directory under DIR (default: a temporary"
                    + " directory, deleted afterwards)")
    Path dataDirectory;

    @Option(
            names = "--in-process",
            description = "Start every network in this JVM: the first run pays class loading and JIT compilation,"
                    + " the later ones reuse them (default: a fresh JVM per run, as a real start)")
    boolean inProcess;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 1, not " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = dataDirectory == null;
        Path root = temporary
                ? TemporaryDirectories.create("carenet-bench-startup-")
                : dataDirectory.toAbsolutePath().normalize();
        out.printf(
                "startup: %d runs, %s, data under %s%n",
                runs, inProcess ? "all in this JVM" : "each in a fresh JVM", root);
        out.flush();
        List<StartupSample> samples = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            NodePorts.requireFree(1);
            Path data = TemporaryDirectories.createIn(root, "run-" + run + "-");
            StartupSample sample;
            try {
                sample = inProcess
                        ? StartupSample.measure(data, Optional.empty())
                        : inFreshJvm(data, spec.commandLine().getErr());
            } catch (RuntimeException e) {
                throw new BenchmarkFailure(
                        "start-up run " + run + " failed: " + e.getMessage() + " (data and logs kept in " + data + ")",
                        e);
            }
            samples.add(sample);
            out.printf(
                    "  run %d: healthy after %s, node %s, stopped in %s%n",
                    run,
                    Durations.format(sample.process().orElse(sample.network())),
                    Durations.format(sample.nodeHealthy()),
                    Durations.format(sample.stop()));
            out.flush();
            if (temporary) {
                TemporaryDirectories.delete(data);
            }
        }
        if (temporary) {
            TemporaryDirectories.delete(root);
        }
        print(out, samples);
        return 0;
    }

    private static StartupSample inFreshJvm(Path data, PrintWriter log) throws IOException, InterruptedException {
        String line = ChildJvm.run(
                List.of(StartupRun.NAME, "--data", data.toString()), StartupSample.LINE_PREFIX, RUN_TIMEOUT, log);
        return StartupSample.parse(line);
    }

    private void print(PrintWriter out, List<StartupSample> samples) {
        out.println();
        out.printf(
                "Setup: %s; 1 hospital; %s; every run starts over an empty data directory (initdb, migrations,"
                        + " first admin).%n",
                Machine.current().describe(),
                inProcess
                        ? "all runs in one JVM (run 1 cold, later runs warm)"
                        : "each run a fresh JVM with this one's options");
        ResultTable table = new ResultTable();
        String count = samples.size() + (samples.size() == 1 ? " run" : " runs");
        if (!inProcess) {
            table.add(
                    "startup: JVM process start -> network healthy",
                    count,
                    null,
                    null,
                    stats(samples, sample -> sample.process().orElseThrow()));
        }
        table.add(
                        "startup: Network.start -> network healthy",
                        count,
                        null,
                        null,
                        stats(samples, StartupSample::network))
                .add("startup:   PostgreSQL ready", count, null, null, stats(samples, StartupSample::database))
                .add("startup:   Kafka broker ready", count, null, null, stats(samples, StartupSample::broker))
                .add("startup:   node context started", count, null, null, stats(samples, StartupSample::nodeStarted))
                .add(
                        "startup:   node /actuator/health UP",
                        count,
                        null,
                        null,
                        stats(samples, StartupSample::nodeHealthy))
                .add("shutdown: Network.close", count, null, null, stats(samples, StartupSample::stop));
        table.print(out);
        out.println("PostgreSQL and Kafka start in parallel; the node starts once both are ready, and its times count"
                + " from then.");
        if (samples.size() < 100) {
            out.printf(
                    "With %d runs the p99 is the slowest run (nearest-rank percentiles: every value was measured).%n",
                    samples.size());
        }
        out.flush();
    }

    private static LatencyStats stats(List<StartupSample> samples, Function<StartupSample, Duration> part) {
        return LatencyStats.of(
                samples.stream().map(part).mapToLong(Duration::toNanos).toArray());
    }
}
