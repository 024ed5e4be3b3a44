package org.carenet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Outcome;
import org.carenet.ledger.Partitions;

/**
 * The seed's experiment on a {@link LedgerNetwork}: put, get, transfer and remove, each for a fixed time, by
 * concurrent clients in a closed loop, client <i>c</i> at hospital <i>c</i> mod <i>n</i>. Each client works on keys
 * of its own: it puts fresh ones, reads them back at a random hospital, transfers them to the next hospital, and
 * removes them there — so every operation is one that succeeds, and a refusal is an error.
 */
final class LedgerWorkload {

    /** The operations, in the order they run. */
    enum Operation {
        PUT,
        GET,
        TRANSFER,
        REMOVE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the clients did with one operation. */
    record Result(Operation operation, LatencyStats latencies, Duration window, Map<String, Long> errors) {

        double perSecond() {
            return latencies.count() / (window.toNanos() / 1e9);
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A local get takes well under a microsecond: ten seconds of them would record over a hundred million latencies
     * and exhaust the heap. Each client stops after this many, and the phase's rate is over the time they took.
     */
    private static final int GETS_PER_CLIENT = 250_000;

    private final LedgerNetwork network;
    private final int clients;
    private final Duration duration;
    private final String run;

    LedgerWorkload(LedgerNetwork network, int clients, Duration duration, String run) {
        this.network = network;
        this.clients = clients;
        this.duration = duration;
        this.run = run;
    }

    /** Each client's keys, and which hospital holds them now. */
    private final class Client {
        final int number;
        int hospital;
        final List<String> keys = new ArrayList<>();
        int next;
        int transferred;

        Client(int number) {
            this.number = number;
            this.hospital = number % network.size();
        }
    }

    /** Puts for {@code warmup} without measuring, then every operation for the configured duration. */
    List<Result> run(Duration warmup) throws InterruptedException {
        List<Client> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(new Client(i));
        }
        phase(all, Operation.PUT, warmup, "warm");
        for (Client client : all) {
            client.keys.clear();
        }
        List<Result> results = new ArrayList<>();
        results.add(phase(all, Operation.PUT, duration, "key"));
        catchUp(all);
        results.add(phase(all, Operation.GET, duration, null));
        if (network.size() > 1) {
            results.add(phase(all, Operation.TRANSFER, duration, null));
        }
        for (Client client : all) {
            client.transferred = client.next;
            client.next = 0;
        }
        results.add(phase(all, Operation.REMOVE, duration, null));
        return results;
    }

    /**
     * Waits until every replica has every client's keys, so that reads anywhere find them: a synced read of one key
     * per partition catches a replica up with everything written to that partition before.
     */
    private void catchUp(List<Client> all) {
        int partitions = network.ledger(0).status().partitions().size();
        Map<Integer, String> onePerPartition = new TreeMap<>();
        for (Client client : all) {
            for (String key : client.keys) {
                onePerPartition.putIfAbsent(Partitions.of(key, partitions), key);
            }
        }
        for (int i = 0; i < network.size(); i++) {
            for (String key : onePerPartition.values()) {
                network.ledger(i).getSynced(key);
            }
        }
    }

    private Result phase(List<Client> all, Operation operation, Duration length, String prefix)
            throws InterruptedException {
        long start = System.nanoTime();
        long until = start + length.toNanos();
        List<Latencies> latencies = new ArrayList<>();
        Map<String, Long> errors = new TreeMap<>();
        long[] lastEnd = new long[all.size()];
        // platform threads: a get never blocks, and virtual clients that never block are never preempted — two of
        // them would run the whole phase on the two carriers while the others waited
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("ledger-client-", 0).factory())) {
            List<Future<Latencies>> running = new ArrayList<>();
            for (Client client : all) {
                running.add(executor.submit(() -> {
                    Latencies recorded = new Latencies(4096);
                    Map<String, Long> own = new TreeMap<>();
                    int limit = operation == Operation.GET ? GETS_PER_CLIENT : Integer.MAX_VALUE;
                    while (System.nanoTime() < until && recorded.size() < limit) {
                        long begin = System.nanoTime();
                        String error = once(client, operation, prefix);
                        long end = System.nanoTime();
                        if (error == null) {
                            recorded.record(end - begin);
                        } else if (!"exhausted".equals(error)) {
                            own.merge(error, 1L, Long::sum);
                        } else {
                            break;
                        }
                        lastEnd[client.number] = end;
                    }
                    synchronized (errors) {
                        own.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
                    }
                    return recorded;
                }));
            }
            for (Future<Latencies> client : running) {
                latencies.add(client.get());
            }
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("a ledger client failed: " + e.getCause(), e.getCause());
        }
        long end = Math.max(start + 1, Arrays.stream(lastEnd).max().orElse(until));
        return new Result(operation, LatencyStats.merge(latencies), Duration.ofNanos(end - start), errors);
    }

    /** One operation by one client; null if it did what it should, else the kind of error. */
    private String once(Client client, Operation operation, String prefix) {
        try {
            switch (operation) {
                case PUT -> {
                    String key = run + "-" + prefix + "-" + client.number + "-" + client.keys.size();
                    Outcome outcome =
                            Ledger.await(network.ledger(client.hospital).put(key, "card-of-" + key));
                    if (!outcome.applied()) {
                        return outcome.kind().name();
                    }
                    client.keys.add(key);
                }
                case GET -> {
                    if (client.keys.isEmpty()) {
                        return "exhausted";
                    }
                    String key = client.keys.get(ThreadLocalRandom.current().nextInt(client.keys.size()));
                    int at = ThreadLocalRandom.current().nextInt(network.size());
                    if (!network.ledger(at).get(key).exists()) {
                        return "missing at another hospital";
                    }
                }
                case TRANSFER, REMOVE -> {
                    if (client.next >= client.keys.size()) {
                        return "exhausted";
                    }
                    String key = client.keys.get(client.next);
                    int owner = operation == Operation.REMOVE && client.next < client.transferred
                            ? (client.hospital + 1) % network.size()
                            : client.hospital;
                    Ledger at = network.ledger(owner);
                    Outcome outcome = operation == Operation.TRANSFER
                            ? Ledger.await(at.transfer(
                                    key,
                                    network.members()
                                            .get((owner + 1) % network.size())
                                            .id()))
                            : Ledger.await(at.remove(key));
                    if (!outcome.applied()) {
                        return outcome.kind().name();
                    }
                    client.next++;
                }
            }
            return null;
        } catch (LedgerUnavailableException e) {
            return "unavailable";
        }
    }
}
