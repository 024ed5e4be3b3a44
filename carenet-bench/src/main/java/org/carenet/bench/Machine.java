package org.carenet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a benchmark ran on, printed above its table: numbers from another machine or JVM are not comparable.
 *
 * @param cores the processors this JVM may use
 * @param cpu the CPU model, when the operating system tells it
 * @param jvm the Java runtime's version and vendor
 * @param maxHeapBytes this JVM's maximum heap
 * @param os the operating system and architecture
 */
record Machine(int cores, Optional<String> cpu, String jvm, long maxHeapBytes, String os) {

    static Machine current() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().maxMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** E.g. {@code 2 cores (AMD EPYC), JDK 25.0.3+9-LTS (Eclipse Adoptium), max heap 6.0 GiB, Linux amd64}. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores%s, JDK %s, max heap %.1f GiB, %s",
                cores,
                cpu.map(model -> " (" + model + ")").orElse(""),
                jvm,
                maxHeapBytes / (double) (1L << 30),
                os);
    }

    private static Optional<String> cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .filter(model -> !model.isEmpty())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
