package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carenet.ledger.NetworkFixture.RHODE_ISLAND;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchSignerTests {

    private final NetworkFixture network = new NetworkFixture();

    /** What the signer sent, each with the future the test completes when "the log took it". */
    private record Sent(Entry entry, CompletableFuture<Void> taken) {}

    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

    private BatchSigner<String> signer() {
        return new BatchSigner<>(
                network.rhodeIsland,
                entry -> {
                    CompletableFuture<Void> taken = new CompletableFuture<>();
                    sent.add(new Sent(entry, taken));
                    return new BatchSigner.Sent<>(entry.key(), taken);
                },
                Duration.ofSeconds(30),
                "test-signer");
    }

    private static Entry draft(String key) {
        return Entry.draft(RHODE_ISLAND, Entry.Command.PUT, key, "card", null, Instant.now());
    }

    private Sent next() throws InterruptedException {
        Sent next = sent.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("an entry sent within 10 s").isNotNull();
        return next;
    }

    private static byte[] signatureOf(Entry entry) {
        return Arrays.copyOf(entry.signature(), Seal.SIGNATURE_BYTES);
    }

    @Test
    void aLoneWriteIsSignedAndSentAtOnce() throws Exception {
        try (BatchSigner<String> signer = signer()) {
            CompletableFuture<String> result = signer.sign(draft("patient-1"));

            Sent first = next();
            assertThat(first.entry().key()).isEqualTo("patient-1");
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("patient-1");
            assertThat(new SealCheck().verifies(network.rhodeIsland.verifyingKey(), first.entry()))
                    .isTrue();
        }
    }

    @Test
    void writesQueuedWhileTheLogIsBusyLeaveAsOneBatchUnderOneSignature() throws Exception {
        try (BatchSigner<String> signer = signer()) {
            List<Sent> busy = new ArrayList<>();
            for (int i = 0; i < BatchSigner.IN_FLIGHT; i++) {
                signer.sign(draft("busy-" + i));
                busy.add(next());
            }
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                queued.add(signer.sign(draft("queued-" + i)));
            }
            assertThat(sent.poll(200, TimeUnit.MILLISECONDS))
                    .as("nothing leaves while every batch is on its way")
                    .isNull();

            busy.getFirst().taken().complete(null);

            List<Entry> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(next().entry());
            }
            assertThat(batch)
                    .extracting(Entry::key)
                    .containsExactlyElementsOf(
                            queued.stream().map(future -> future.join()).toList());
            for (Entry entry : batch) {
                assertThat(signatureOf(entry)).isEqualTo(signatureOf(batch.getFirst()));
                assertThat(new SealCheck().verifies(network.rhodeIsland.verifyingKey(), entry))
                        .isTrue();
            }
        }
    }

    @Test
    void closingFailsTheWritesNotSignedYet() throws Exception {
        BatchSigner<String> signer = signer();
        for (int i = 0; i < BatchSigner.IN_FLIGHT; i++) {
            signer.sign(draft("busy-" + i));
            next();
        }
        CompletableFuture<String> waiting = signer.sign(draft("waiting"));

        signer.close();

        assertThat(waiting).failsWithin(Duration.ofSeconds(10));
        assertThat(signer.sign(draft("after"))).isCompletedExceptionally();
    }
}
