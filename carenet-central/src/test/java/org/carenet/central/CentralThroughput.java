package org.carenet.central;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.carenet.embedded.TestDatabases;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.MembershipFile;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts per second through the central with three hospitals, each keeping a number of puts in flight, and their
 * latency (until the outcome is applied at the writer's replica). Run by hand, not by the build:
 *
 * <pre>
 * ./mvnw -q exec:java -pl carenet-central -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.carenet.central.CentralThroughput -Dexec.args="postgresql 64 5 20"
 * </pre>
 *
 * Arguments: the central's database ({@code postgresql} or {@code mariadb}), puts in flight per hospital, warm-up
 * seconds, measured seconds.
 */
final class CentralThroughput {

    private CentralThroughput() {}

    public static void main(String[] args) throws Exception {
        String vendor = args.length > 0 ? args[0] : "postgresql";
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Duration warmUp = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 5);
        Duration measured = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);
        boolean mariadb = vendor.equals("mariadb");
        String url = mariadb ? MariaDbDatabases.create() : TestDatabases.create();
        NetworkFixture network = new NetworkFixture();
        Path membership = Files.createTempFile("carenet-membership", ".json");
        MembershipFile.write(network.membership, membership);
        int partitions = 16;

        ConfigurableApplicationContext central = SpringApplication.run(
                CarenetCentral.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (mariadb ? MariaDbDatabases.username() : TestDatabases.username()),
                "--spring.datasource.password=",
                "--spring.main.banner-mode=off",
                "--carenet.central.membership=" + membership,
                "--carenet.central.operator-key="
                        + network.operator.verifyingKey().toBase64(),
                "--carenet.central.partitions=" + partitions);
        int port = Integer.parseInt(central.getEnvironment().getProperty("local.server.port"));
        try (Hospitals hospitals =
                new Hospitals(network, URI.create("http://127.0.0.1:" + port), partitions).startAll()) {
            Load load = new Load(hospitals, inFlight);
            load.start();
            Thread.sleep(warmUp);
            load.reset();
            OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
            long cpuBefore = os.getProcessCpuTime();
            Thread.sleep(measured);
            long cpu = os.getProcessCpuTime() - cpuBefore;
            Load.Result result = load.stop();
            System.out.printf(
                    "%s: %d hospitals x %d in flight, %d s: %d puts, %.0f puts/s, p50 %.1f ms, p99 %.1f ms,"
                            + " %d failed; this JVM (central and hospitals) used %.2f cores, %.0f µs CPU per put%n",
                    vendor,
                    NetworkFixture.hospitals().size(),
                    inFlight,
                    measured.toSeconds(),
                    result.count(),
                    result.count() / (double) measured.toSeconds(),
                    result.percentile(0.50),
                    result.percentile(0.99),
                    result.failed(),
                    cpu / (double) measured.toNanos(),
                    cpu / 1e3 / Math.max(1, result.count()));
            for (HospitalId hospital : NetworkFixture.hospitals()) {
                System.out.println(hospital + " discrepancies: "
                        + hospitals.log(hospital).discrepancies().size());
            }
        } finally {
            central.close();
            if (mariadb) {
                MariaDbDatabases.drop(url);
            } else {
                TestDatabases.drop(url);
            }
            try {
                Files.delete(membership);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.exit(0);
    }

    /** Each hospital writes new keys, keeping {@code inFlight} puts outstanding. */
    private static final class Load {

        private final Hospitals hospitals;
        private final int inFlight;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong failed = new AtomicLong();
        private final List<Thread> writers = new ArrayList<>();
        private volatile LatencyLog latencies = new LatencyLog();

        Load(Hospitals hospitals, int inFlight) {
            this.hospitals = hospitals;
            this.inFlight = inFlight;
        }

        void start() {
            for (HospitalId hospital : NetworkFixture.hospitals()) {
                writers.add(Thread.ofPlatform().name("load-" + hospital).start(() -> write(hospital)));
            }
        }

        private void write(HospitalId hospital) {
            Ledger ledger = hospitals.ledger(hospital);
            Semaphore slots = new Semaphore(inFlight);
            long i = 0;
            while (running.get()) {
                slots.acquireUninterruptibly();
                long started = System.nanoTime();
                ledger.put("bench-" + hospital + "-" + i++, "card").whenComplete((outcome, failure) -> {
                    if (failure == null) {
                        latencies.add(System.nanoTime() - started);
                    } else {
                        failed.incrementAndGet();
                    }
                    slots.release();
                });
            }
            slots.acquireUninterruptibly(inFlight);
        }

        void reset() {
            latencies = new LatencyLog();
            failed.set(0);
        }

        Result stop() throws InterruptedException {
            LatencyLog measured = latencies;
            long failures = failed.get();
            latencies = new LatencyLog();
            running.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
            return new Result(measured.sorted(), failures);
        }

        record Result(long[] nanos, long failed) {
            int count() {
                return nanos.length;
            }

            double percentile(double p) {
                return nanos.length == 0 ? 0 : nanos[(int) Math.min(nanos.length - 1, p * nanos.length)] / 1e6;
            }
        }
    }

    private static final class LatencyLog {
        private long[] nanos = new long[1 << 16];
        private int size;

        synchronized void add(long value) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = value;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(nanos, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
