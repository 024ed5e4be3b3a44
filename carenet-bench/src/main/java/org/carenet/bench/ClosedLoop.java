package org.carenet.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A closed-loop load: each client (a virtual thread with its own keep-alive HTTP/1.1 connection, see
 * {@link KeepAliveConnection}) sends the request, waits for the answer, and sends it again at once, until the run is
 * over.
 *
 * <p>A request counts when its answer arrives inside the measured window, after the warm-up: throughput is the
 * number of such answers over the window's length. An answer with the expected status (200 unless said) is a success and its latency is recorded; any other
 * status, and any I/O failure, is an error, counted by kind and never recorded as a latency.
 */
final class ClosedLoop {

    private static final int EXPECTED_PER_CLIENT = 8_192;
    private static final int EXAMPLE_LENGTH = 300;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final int clients;
    private final Duration warmup;
    private final Duration duration;
    private final Supplier<ResourceUsage> usage;

    /** A load whose measured window is also described by snapshots of {@code usage} at its start and end. */
    ClosedLoop(int clients, Duration warmup, Duration duration, Supplier<ResourceUsage> usage) {
        if (clients < 1) {
            throw new IllegalArgumentException("a load needs at least one client, not " + clients);
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "the warm-up cannot be negative and the measurement must last: " + warmup + ", " + duration);
        }
        this.clients = clients;
        this.warmup = warmup;
        this.duration = duration;
        this.usage = usage;
    }

    /**
     * What the clients saw in the measured window.
     *
     * @param latencies the latencies of the successful requests
     * @param errors the number of failed requests by kind, e.g. {@code HTTP 500}
     * @param examples one example (status and body, or exception) of each kind of error
     * @param window the length of the measured window
     * @param atStart what this JVM and the PostgreSQL server had used when the window began
     * @param atEnd what they had used when it ended
     */
    record Result(
            LatencyStats latencies,
            Map<String, Long> errors,
            Map<String, String> examples,
            Duration window,
            ResourceUsage atStart,
            ResourceUsage atEnd) {

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        long requests() {
            return latencies.count() + errorCount();
        }

        /** Successful requests per second. */
        double perSecond() {
            return latencies.count() / (window.toNanos() / 1e9);
        }

        /** Whether the JIT compilers were still busy during the window: the warm-up was too short. */
        boolean stillWarmingUp() {
            return atEnd.stillCompilingSince(atStart);
        }

        /**
         * What to tell the reader when the JIT compilers were {@linkplain #stillWarmingUp() still busy}, measuring
         * {@code what} after a warm-up of {@code warmup}.
         */
        static String warmingUpAdvice(String what, Duration warmup) {
            return "The JIT compilers were still busy while measuring " + what + ": these numbers are partly the JVM"
                    + " warming up. For the steady state, warm up longer than " + Durations.format(warmup)
                    + " (--warmup).";
        }

        /** Where the machine's time went during the window, see {@link ResourceUsage#describeSince}. */
        String resources() {
            return atEnd.describeSince(atStart);
        }
    }

    /** Runs the load with {@code request} repeated by every client; returns when all clients have stopped. */
    Result run(HttpRequest request) throws InterruptedException {
        return run(request, 200);
    }

    /** Like {@link #run(HttpRequest)}, for a request whose success is {@code expectedStatus} (201 for a create). */
    Result run(HttpRequest request, int expectedStatus) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + duration.toNanos();
        List<ClientResult> results = new ArrayList<>();
        ResourceUsage atStart;
        ResourceUsage atEnd;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ClientResult>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                running.add(executor.submit(() -> client(request, expectedStatus, measureFrom, measureUntil)));
            }
            atStart = usageAt(measureFrom);
            atEnd = usageAt(measureUntil);
            for (Future<ClientResult> client : running) {
                results.add(client.get());
            }
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("a client failed: " + e.getCause(), e.getCause());
        }
        Map<String, Long> errors = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        for (ClientResult result : results) {
            result.errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum));
            result.examples().forEach(examples::putIfAbsent);
        }
        return new Result(
                LatencyStats.merge(results.stream().map(ClientResult::latencies).toList()),
                errors,
                examples,
                duration,
                atStart,
                atEnd);
    }

    /** Waits until {@code nanoTime}, then takes a snapshot of the resources used. */
    private ResourceUsage usageAt(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        return usage.get();
    }

    private record ClientResult(Latencies latencies, Map<String, Long> errors, Map<String, String> examples) {}

    private static ClientResult client(HttpRequest request, int expectedStatus, long measureFrom, long measureUntil) {
        Latencies latencies = new Latencies(EXPECTED_PER_CLIENT);
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        byte[] encoded = KeepAliveConnection.encode(request);
        try (KeepAliveConnection connection =
                new KeepAliveConnection(request.uri(), request.timeout().orElse(DEFAULT_TIMEOUT))) {
            while (true) {
                long begin = System.nanoTime();
                String error = null;
                String example = null;
                try {
                    KeepAliveConnection.Answer answer = connection.send(encoded);
                    if (answer.status() != expectedStatus) {
                        error = "HTTP " + answer.status();
                        example = error + " " + abbreviate(answer.body());
                    }
                } catch (IOException e) {
                    error = e.getClass().getSimpleName();
                    example = e.toString();
                }
                long end = System.nanoTime();
                if (end - measureUntil >= 0) {
                    break;
                }
                if (end - measureFrom >= 0) {
                    if (error == null) {
                        latencies.record(end - begin);
                    } else {
                        errors.merge(error, 1L, Long::sum);
                        examples.putIfAbsent(error, example);
                    }
                }
            }
        }
        return new ClientResult(latencies, errors, examples);
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXAMPLE_LENGTH ? oneLine : oneLine.substring(0, EXAMPLE_LENGTH) + "...";
    }
}
