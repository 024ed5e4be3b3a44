package org.carenet.ledger.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.carenet.ledger.HospitalId;

/**
 * Measures puts and gets through gRPC over three hospitals on the {@link OrderedTestLog}: closed-loop callers,
 * each waiting for its answer before the next call. Run by hand (it asserts nothing):
 *
 * <pre>java -cp ... org.carenet.ledger.grpc.GrpcThroughput [callers] [seconds]</pre>
 */
public final class GrpcThroughput {

    private GrpcThroughput() {}

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Duration warmUp = Duration.ofSeconds(3);
        try (ThreeHospitals hospitals = new ThreeHospitals(Duration.ofSeconds(10))) {
            List<ConsistentStorageClient> clients = new ArrayList<>();
            for (HospitalId hospital : NetworkFixture.HOSPITALS) {
                clients.add(hospitals.client(hospital));
            }
            ConsistentStorageClient rhodeIsland = clients.getFirst();
            int keys = 10_000;
            run(
                    "put at one hospital",
                    callers,
                    warmUp,
                    measured,
                    (caller, call) -> rhodeIsland.put("bench-" + caller + "-" + call, "card-" + call));
            run(
                    "put, callers spread over three",
                    callers,
                    warmUp,
                    measured,
                    (caller, call) ->
                            clients.get(caller % clients.size()).put("spread-" + caller + "-" + call, "card-" + call));
            run(
                    "get (local)",
                    callers,
                    warmUp,
                    measured,
                    (caller, call) -> rhodeIsland.get(
                            "bench-" + caller + "-"
                                    + ThreadLocalRandom.current().nextInt(Math.min(call + 1, keys)),
                            false));
            run(
                    "get (sync)",
                    callers,
                    warmUp,
                    measured,
                    (caller, call) -> rhodeIsland.get(
                            "bench-" + caller + "-"
                                    + ThreadLocalRandom.current().nextInt(Math.min(call + 1, keys)),
                            true));
            clients.forEach(ConsistentStorageClient::close);
        }
    }

    private static void run(
            String name, int callers, Duration warmUp, Duration measured, BiConsumer<Integer, Integer> call)
            throws InterruptedException {
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        long[][] latencies = new long[callers][];
        int[] counts = new int[callers];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            latencies[caller] = new long[1 << 20];
            threads.add(Thread.ofVirtual().start(() -> {
                int calls = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    call.accept(caller, calls++);
                    long took = System.nanoTime() - start;
                    if (recording.get() && counts[caller] < latencies[caller].length) {
                        latencies[caller][counts[caller]++] = took;
                    }
                }
            }));
        }
        Thread.sleep(warmUp.toMillis());
        recording.set(true);
        long started = System.nanoTime();
        Thread.sleep(measured.toMillis());
        recording.set(false);
        long elapsed = System.nanoTime() - started;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < callers; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf(
                Locale.ROOT,
                "%-32s %3d callers: %,8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  (%,d calls)%n",
                name,
                callers,
                all.length / (elapsed / 1e9),
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6,
                all.length);
    }
}
