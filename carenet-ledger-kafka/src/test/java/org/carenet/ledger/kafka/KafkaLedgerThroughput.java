package org.carenet.ledger.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.embedded.FreePorts;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;

/**
 * Put throughput of the three hospitals on one embedded broker, each with {@code inFlight} puts of fresh keys
 * outstanding at all times. Run by hand (it prints numbers and asserts nothing):
 *
 * <pre>java -cp ... org.carenet.ledger.kafka.KafkaLedgerThroughput [inFlight] [seconds] [lingerMs]</pre>
 *
 * The replicas' PostgreSQL is {@code CARENET_TEST_POSTGRES}'s when set, else the embedded one.
 */
final class KafkaLedgerThroughput {

    private static final Duration WARM_UP = Duration.ofSeconds(10);

    public static void main(String[] args) throws Exception {
        int inFlight = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
        Duration linger =
                args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : KafkaLedgerSettings.DEFAULT_LINGER;
        Path directory = Files.createTempDirectory("carenet-kafka-throughput");
        int[] ports = FreePorts.find(2);
        try (EmbeddedKafkaBroker broker = TestBroker.start(directory, ports[0], ports[1]);
                ThreeHospitals hospitals = ThreeHospitals.on(
                        broker.bootstrapServers(),
                        "throughput",
                        Duration.ofSeconds(30),
                        settings -> settings.withLinger(linger))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean measuring = new AtomicBoolean(false);
            List<Writer> writers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (HospitalId hospital : ThreeHospitals.ALL) {
                for (int i = 0; i < inFlight; i++) {
                    Writer writer = new Writer(hospitals.at(hospital), hospital + "-" + i + "-", running, measuring);
                    writers.add(writer);
                    threads.add(Thread.ofVirtual().start(writer));
                }
            }
            Thread.sleep(WARM_UP);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(measured);
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            long[] latencies = writers.stream()
                    .flatMapToLong(writer -> Arrays.stream(writer.latencies, 0, writer.count))
                    .sorted()
                    .toArray();
            long failures =
                    writers.stream().mapToLong(writer -> writer.failures).sum();
            System.out.printf(
                    "linger %d ms, %d hospitals x %d in flight: %d puts in %.1f s = %.0f puts/s; p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms; %d failed%n",
                    linger.toMillis(),
                    ThreeHospitals.ALL.size(),
                    inFlight,
                    latencies.length,
                    seconds,
                    latencies.length / seconds,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    percentile(latencies, 1.0),
                    failures);
        }
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One put in flight at a time, fresh keys, latencies noted while measuring. */
    private static final class Writer implements Runnable {

        private final Ledger ledger;
        private final String prefix;
        private final AtomicBoolean running;
        private final AtomicBoolean measuring;
        private long[] latencies = new long[4096];
        private int count;
        private long failures;

        Writer(Ledger ledger, String prefix, AtomicBoolean running, AtomicBoolean measuring) {
            this.ledger = ledger;
            this.prefix = prefix;
            this.running = running;
            this.measuring = measuring;
        }

        @Override
        public void run() {
            for (long i = 0; running.get(); i++) {
                long start = System.nanoTime();
                boolean applied;
                try {
                    applied = Ledger.await(ledger.put(prefix + i, "card")).applied();
                } catch (RuntimeException e) {
                    applied = false;
                }
                long latency = System.nanoTime() - start;
                if (!measuring.get()) {
                    continue;
                }
                if (!applied) {
                    failures++;
                    continue;
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = latency;
            }
        }
    }
}
