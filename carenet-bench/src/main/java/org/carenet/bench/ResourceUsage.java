package org.carenet.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this JVM and a PostgreSQL server (a process of its own, with a process per connection) had used at one
 * moment: two snapshots around a measured window tell where the machine's time went during it.
 *
 * @param at {@link System#nanoTime()} of the snapshot
 * @param jvmCpu CPU time of this JVM, all threads: the node, the benchmark's clients, the JIT compiler, the GC
 * @param databaseCpu CPU time of the PostgreSQL server's processes that are alive now
 * @param jitMillis time the JIT compilers had spent
 * @param gcCount garbage collections so far
 * @param gcMillis time spent in them
 */
record ResourceUsage(long at, Duration jvmCpu, Duration databaseCpu, long jitMillis, long gcCount, long gcMillis) {

    /**
     * A snapshot of this JVM and of the PostgreSQL server over {@code databaseDirectory}: the process whose command
     * line names that directory ({@code postgres -D <dir>}) and its children, the backends.
     */
    static ResourceUsage now(Path databaseDirectory) {
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(collector.getCollectionCount(), 0);
            gcMillis += Math.max(collector.getCollectionTime(), 0);
        }
        String directory = databaseDirectory.toAbsolutePath().normalize().toString();
        Duration database = ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .filter(command -> command.contains(directory))
                        .isPresent())
                .flatMap(server -> Stream.concat(Stream.of(server), server.descendants()))
                .map(process -> process.info().totalCpuDuration())
                .flatMap(Optional::stream)
                .reduce(Duration.ZERO, Duration::plus);
        long jit = ManagementFactory.getCompilationMXBean() == null
                ? 0
                : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        return new ResourceUsage(System.nanoTime(), processCpuTime(), database, jit, gcCount, gcMillis);
    }

    /** E.g. {@code this JVM (...) 1.72 cores, PostgreSQL 0.38 cores; JIT compilation 2.10 s; 9 GCs, 0.14 s}. */
    String describeSince(ResourceUsage earlier) {
        double seconds = (at - earlier.at) / 1e9;
        return String.format(
                Locale.ROOT,
                "this JVM (node, clients, JIT, GC) %.2f cores, PostgreSQL %.2f cores;"
                        + " JIT compilation %.2f s; %d GCs, %.2f s",
                cores(jvmCpu.minus(earlier.jvmCpu), seconds),
                cores(databaseCpu.minus(earlier.databaseCpu), seconds),
                (jitMillis - earlier.jitMillis) / 1000.0,
                gcCount - earlier.gcCount,
                (gcMillis - earlier.gcMillis) / 1000.0);
    }

    /**
     * Whether the JIT compilers were still busy for more than a tenth of the time since {@code earlier}: what was
     * measured then was partly the JVM warming up, not its steady state.
     */
    boolean stillCompilingSince(ResourceUsage earlier) {
        return (jitMillis - earlier.jitMillis) * 1_000_000 > (at - earlier.at) / 10;
    }

    private static double cores(Duration cpu, double seconds) {
        return Math.max(cpu.toNanos(), 0) / 1e9 / seconds;
    }

    private static Duration processCpuTime() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Duration.ofNanos(Math.max(os.getProcessCpuTime(), 0));
        }
        return Duration.ZERO;
    }
}
