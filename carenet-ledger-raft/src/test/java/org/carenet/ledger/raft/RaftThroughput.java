package org.carenet.ledger.raft;

import static org.carenet.ledger.raft.NetworkFixture.HOSPITALS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;

/**
 * Puts per second with three hospitals, each keeping {@value #IN_FLIGHT} puts in flight, measured for {@value
 * #MEASURE_SECONDS} s after {@value #WARM_UP_SECONDS} s of warm-up. Run by hand (it asserts nothing):
 *
 * <pre>
 * java -cp ... org.carenet.ledger.raft.RaftThroughput [puts in flight per hospital]
 * </pre>
 */
final class RaftThroughput {

    /** Per hospital, unless the first argument says otherwise. */
    private static final int IN_FLIGHT = 64;

    private static final int WARM_UP_SECONDS = 5;
    private static final int MEASURE_SECONDS = 20;

    private RaftThroughput() {}

    public static void main(String[] args) throws Exception {
        int inFlightPerHospital = args.length > 0 ? Integer.parseInt(args[0]) : IN_FLIGHT;
        Path storage = Files.createTempDirectory("raft-throughput");
        try (RaftNetwork network = new RaftNetwork(storage, Duration.ofSeconds(30)).start()) {
            Ledger.await(network.at(HOSPITALS.getFirst()).put("warm", "up"));
            long start = System.nanoTime();
            long measureFrom = start + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
            long measureTo = measureFrom + Duration.ofSeconds(MEASURE_SECONDS).toNanos();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong failures = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (HospitalId hospital : HOSPITALS) {
                Ledger ledger = network.at(hospital);
                writers.add(Thread.ofPlatform().name("writer-" + hospital).start(() -> {
                    Semaphore inFlight = new Semaphore(inFlightPerHospital);
                    for (long n = 0; System.nanoTime() < measureTo; n++) {
                        inFlight.acquireUninterruptibly();
                        long sent = System.nanoTime();
                        ledger.put("patient-" + hospital + "-" + n, "card-" + n).whenComplete((outcome, failure) -> {
                            long done = System.nanoTime();
                            if (failure != null || !outcome.applied()) {
                                failures.incrementAndGet();
                            } else if (sent >= measureFrom && done <= measureTo) {
                                latencies.add(done - sent);
                            }
                            inFlight.release();
                        });
                    }
                    inFlight.acquireUninterruptibly(inFlightPerHospital);
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(
                    "raft, %d in flight per hospital: %d puts measured in %d s = %.0f puts/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " %d failed%n",
                    inFlightPerHospital,
                    sorted.size(),
                    MEASURE_SECONDS,
                    sorted.size() / (double) MEASURE_SECONDS,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    percentile(sorted, 1.0),
                    failures.get());
            for (HospitalId hospital : HOSPITALS) {
                System.out.printf(
                        "%s: head at log index %d, verify %s%n",
                        hospital,
                        network.at(hospital).checkpoint().heads().getFirst().position(),
                        network.at(hospital).verify());
            }
        }
    }

    private static double percentile(List<Long> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(fraction * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
