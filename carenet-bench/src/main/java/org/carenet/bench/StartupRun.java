package org.carenet.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench startup-run}: one start-up in this (fresh) JVM, for {@code bench startup} to read. */
@Command(
        name = StartupRun.NAME,
        hidden = true,
        description = "Starts and stops a one-hospital network once in this JVM and prints the timings on one line.")
final class StartupRun implements Callable<Integer> {

    static final String NAME = "startup-run";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "An empty data directory")
    Path dataDirectory;

    @Override
    public Integer call() {
        StartupSample sample = StartupSample.measure(dataDirectory, Optional.of(processStart()));
        PrintWriter out = spec.commandLine().getOut();
        out.println(sample.toLine());
        out.flush();
        return 0;
    }

    private static Instant processStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .orElseGet(() -> Instant.ofEpochMilli(
                        ManagementFactory.getRuntimeMXBean().getStartTime()));
    }
}
