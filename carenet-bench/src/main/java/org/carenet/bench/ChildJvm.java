package org.carenet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a bench command in a JVM of its own, with this JVM's runtime, options and classes: a start-up measured in a
 * fresh JVM pays class loading and JIT compilation as a real start does.
 */
final class ChildJvm {

    private ChildJvm() {}

    /** The command line that runs {@code Bench} with {@code arguments} in a new JVM like this one. */
    static List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger agent would try to listen on this JVM's debug port
            if (!option.startsWith("-agentlib:jdwp")) {
                command.add(option);
            }
        }
        String classPath = System.getProperty("java.class.path");
        if (Bench.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // started from the runnable jar: Spring Boot's launcher loads the classes nested in it
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(Bench.class.getName());
        }
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /**
     * Runs {@code arguments} in a child JVM and returns the first line of its standard output that starts with
     * {@code resultPrefix}; its other output lines go to {@code log}, its standard error to this process's.
     *
     * @throws BenchmarkFailure if the child fails, prints no result, or runs longer than {@code timeout}
     */
    static String run(List<String> arguments, String resultPrefix, Duration timeout, PrintWriter log)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(arguments))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        AtomicReference<String> result = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(resultPrefix)) {
                        result.compareAndSet(null, line);
                    } else {
                        synchronized (log) {
                            log.println("  | " + line);
                            log.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the child died; its exit code tells
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BenchmarkFailure("the child JVM did not finish within " + Durations.format(timeout));
            }
            reader.join();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0 || result.get() == null) {
            throw new BenchmarkFailure("the child JVM (" + String.join(" ", arguments) + ") failed with exit code "
                    + process.exitValue() + (result.get() == null ? " and printed no result" : ""));
        }
        return result.get();
    }
}
