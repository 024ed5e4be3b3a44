package org.carenet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingQueueTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstTaken = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Semaphore handled = new Semaphore(0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BatchingQueue<Integer> queue;

    @AfterEach
    void stop() {
        release.countDown();
        if (queue != null) {
            queue.stop();
        }
    }

    /** Records each batch; holds the first one until released. */
    private Consumer<List<Integer>> recordingHandler() {
        return batch -> {
            record(batch);
            if (batch.contains(0)) {
                firstTaken.countDown();
                await(release);
            }
        };
    }

    @Test
    void whatQueuesUpWhileABatchIsHandledFormsTheNextBatchesUpToTheirSize() throws Exception {
        offerSixToBatchesOfThreeWhileTheFirstIsHeld();

        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
    }

    @Test
    void everyBatchSizeIsRecordedUnderTheQueuesKind() throws Exception {
        offerSixToBatchesOfThreeWhileTheFirstIsHeld();

        DistributionSummary sizes =
                meters.get("carenet.batch.size").tag("queue", "test-batches").summary();
        assertThat(sizes.count()).isEqualTo(3);
        assertThat(sizes.totalAmount()).isEqualTo(6);
        assertThat(sizes.max()).isEqualTo(3);
    }

    /** Items 0 to 5, 1 to 5 offered while the batch of 0 is being handled; returns once all are handled. */
    private void offerSixToBatchesOfThreeWhileTheFirstIsHeld() throws InterruptedException {
        queue = new BatchingQueue<>("test-batches", "test-hospital", 1, 3, WAIT, meters, recordingHandler());
        queue.start();

        assertThat(queue.offer(0)).isTrue();
        await(firstTaken);
        for (int i = 1; i <= 5; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        release.countDown();
        awaitHandled(6);
    }

    @Test
    void everyItemOfferedFromManyThreadsIsHandledOnceInBatchesOfAtMostTheSize() throws Exception {
        queue = new BatchingQueue<>("test-batches", "test-hospital", 2, 16, WAIT, meters, this::record);
        queue.start();

        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2000; i++) {
                int item = i;
                senders.submit(() -> queue.offer(item));
            }
        }

        List<Integer> handled = awaitHandled(2000);
        assertThat(handled).doesNotHaveDuplicates().hasSize(2000);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 16));
    }

    @Test
    void stoppingHandlesWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        queue = new BatchingQueue<>("test-batches", "test-hospital", 1, 2, WAIT, meters, recordingHandler());
        queue.start();
        queue.offer(0);
        await(firstTaken);
        queue.offer(1);
        queue.offer(2);
        queue.offer(3);

        Thread stopping = Thread.ofVirtual().start(() -> queue.stop());
        while (queue.isRunning()) {
            Thread.onSpinWait();
        }
        assertThat(queue.offer(4)).isFalse();
        release.countDown();
        stopping.join(WAIT.toMillis());

        assertThat(stopping.isAlive()).isFalse();
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2), List.of(3));
    }

    @Test
    void aHandlerThatThrowsAnExceptionOrAnErrorDoesNotStopTheQueue() throws Exception {
        queue = new BatchingQueue<>("test-batches", "test-hospital", 1, 4, WAIT, meters, batch -> {
            record(batch);
            if (batch.contains(0)) {
                throw new IllegalStateException("the first batch fails");
            }
            if (batch.contains(1)) {
                throw new StackOverflowError("the second batch fails harder");
            }
        });
        queue.start();

        queue.offer(0);
        awaitHandled(1);
        queue.offer(1);
        awaitHandled(2);
        queue.offer(2);

        assertThat(awaitHandled(3)).containsExactly(0, 1, 2);
    }

    /** Records a batch, and counts its items as handled. */
    private void record(List<Integer> batch) {
        batches.add(List.copyOf(batch));
        handled.release(batch.size());
    }

    /** Waits until {@code count} items in all were handled, and answers them in the order handled. */
    private List<Integer> awaitHandled(int count) throws InterruptedException {
        if (!handled.tryAcquire(count, WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + count + " items handled in " + WAIT + ": " + batches);
        }
        handled.release(count);
        synchronized (batches) {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
