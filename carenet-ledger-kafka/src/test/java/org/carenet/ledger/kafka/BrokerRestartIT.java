package org.carenet.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.carenet.embedded.FreePorts;
import org.carenet.ledger.HospitalId;
import org.carenet.ledger.Ledger;
import org.carenet.ledger.LedgerState;
import org.carenet.ledger.LedgerUnavailableException;
import org.carenet.ledger.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker stops and comes back on the same log directory and ports while the hospitals keep writing. */
class BrokerRestartIT {

    private static final int WRITERS_PER_HOSPITAL = 4;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path data;

    /** What became of one write, as its writer saw it. */
    private enum Result {
        APPLIED,
        REFUSED,
        UNAVAILABLE
    }

    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final Map<String, HospitalId> writers = new ConcurrentHashMap<>();
    private final AtomicBoolean writing = new AtomicBoolean(true);

    @Test
    void everyCompletedWriteSurvivesABrokerRestartAtEveryReplicaAndNoneIsDuplicated() throws Exception {
        Path logDirectory = data.resolve("kafka");
        int[] ports = FreePorts.find(2);
        EmbeddedKafkaBroker broker = TestBroker.start(logDirectory, ports[0], ports[1]);
        try (ThreeHospitals hospitals = ThreeHospitals.on(broker.bootstrapServers(), "carenet.ledger", WRITE_TIMEOUT)) {
            List<Thread> threads = new ArrayList<>();
            for (HospitalId hospital : ThreeHospitals.ALL) {
                for (int writer = 0; writer < WRITERS_PER_HOSPITAL; writer++) {
                    String prefix = hospital.value() + "-" + writer + "-";
                    threads.add(Thread.ofVirtual().start(() -> write(hospitals.at(hospital), prefix)));
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> count(Result.APPLIED) >= 100);
            broker.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(Result.UNAVAILABLE) >= 1);
            for (HospitalId hospital : ThreeHospitals.ALL) {
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> hospitals.logOf(hospital).problem().orElse(""),
                                "no connection to the brokers"::equals);
            }
            long appliedBeforeRestart = count(Result.APPLIED);
            broker = TestBroker.start(logDirectory, ports[0], ports[1]);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(Result.APPLIED) >= appliedBeforeRestart + 100);
            for (HospitalId hospital : ThreeHospitals.ALL) {
                await().atMost(Duration.ofSeconds(30)).until(hospitals.logOf(hospital)::healthy);
            }
            writing.set(false);
            for (Thread thread : threads) {
                thread.join();
            }

            assertThat(count(Result.REFUSED)).as("fresh keys are never refused").isZero();
            hospitals.awaitCaughtUp();
            Map<String, LedgerState.Record> records =
                    hospitals.storeOf(NetworkFixture.RHODE_ISLAND).records();
            for (HospitalId hospital : ThreeHospitals.ALL) {
                Ledger ledger = hospitals.at(hospital);
                assertThat(hospitals.storeOf(hospital).records()).isEqualTo(records);
                assertThat(ledger.verify().consistent()).isTrue();
                results.forEach((key, result) -> {
                    if (result == Result.APPLIED) {
                        assertThat(ledger.get(key).owner()).as(key).isEqualTo(writers.get(key));
                    }
                    assertThat(ledger.history(key))
                            .as("the log holds each write at most once")
                            .hasSizeLessThanOrEqualTo(1)
                            .allSatisfy(applied ->
                                    assertThat(applied.outcome().applied()).isTrue());
                });
            }
            assertThat(records.keySet()).allSatisfy(key -> assertThat(results).containsKey(key));
        } finally {
            broker.close();
        }
    }

    /** Puts fresh keys one after another until told to stop, noting what became of each. */
    private void write(Ledger ledger, String prefix) {
        for (int i = 0; writing.get(); i++) {
            String key = prefix + i;
            writers.put(key, ledger.hospital());
            try {
                Outcome outcome = Ledger.await(ledger.put(key, "card"));
                results.put(key, outcome.applied() ? Result.APPLIED : Result.REFUSED);
            } catch (LedgerUnavailableException e) {
                results.put(key, Result.UNAVAILABLE);
            }
        }
    }

    private long count(Result result) {
        return results.values().stream().filter(result::equals).count();
    }
}
