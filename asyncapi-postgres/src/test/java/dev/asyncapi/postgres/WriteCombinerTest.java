package dev.asyncapi.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The combiner on its own: who runs a batch, what a batch holds, and what each caller gets back. */
class WriteCombinerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** The batches run, as the requests each held. */
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Thread> leaders = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    /** Doubles each request; the first batch waits for {@code firstBatchGo}. */
    private WriteCombiner<Integer, Integer> doubling(int maxBatch, CountDownLatch firstBatchGo) {
        return new WriteCombiner<>(maxBatch, batch -> {
            List<Integer> requests = new ArrayList<>();
            batch.forEach(p -> requests.add(p.request()));
            batches.add(requests);
            leaders.add(Thread.currentThread());
            if (batches.size() == 1) {
                awaitQuietly(firstBatchGo);
            }
            batch.forEach(p -> p.complete(p.request() * 2));
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Once the first batch runs (and waits), submits requests 1 to {@code count} and waits until all are queued. */
    private List<Future<Integer>> lineUpBehindTheFirstBatch(WriteCombiner<Integer, Integer> combiner, int count) {
        await().atMost(WAIT).until(() -> batches.size() == 1);
        List<Future<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int n = i;
            queued.add(callers.submit(() -> combiner.submit(n)));
        }
        await().atMost(WAIT).until(() -> combiner.queued() == count);
        return queued;
    }

    @Test
    void aLoneRequestRunsAtOnceOnItsCallersThread() {
        WriteCombiner<Integer, Integer> combiner = doubling(8, new CountDownLatch(0));

        assertThat(combiner.submit(21)).isEqualTo(42);

        assertThat(batches).containsExactly(List.of(21));
        assertThat(leaders).containsExactly(Thread.currentThread());
    }

    @Test
    void requestsThatArriveWhileABatchRunsGoTogetherInTheNextEachWithItsOwnResult() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        WriteCombiner<Integer, Integer> combiner = doubling(8, go);
        Future<Integer> first = callers.submit(() -> combiner.submit(0));
        List<Future<Integer>> queued = lineUpBehindTheFirstBatch(combiner, 5);

        go.countDown();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        for (int i = 1; i <= 5; i++) {
            assertThat(queued.get(i - 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2 * i);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(combiner.batches()).isEqualTo(2);
        assertThat(combiner.requests()).isEqualTo(6);
    }

    @Test
    void aCallerInterruptedWhileItWaitsStillGetsItsResultAndKeepsItsInterrupt() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        WriteCombiner<Integer, Integer> combiner = doubling(8, go);
        Future<Integer> first = callers.submit(() -> combiner.submit(0));
        await().atMost(WAIT).until(() -> batches.size() == 1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<String> interrupted = callers.submit(() -> {
            waiter.set(Thread.currentThread());
            int result = combiner.submit(1);
            return result + (Thread.currentThread().isInterrupted() ? " interrupted" : " not interrupted");
        });
        await().atMost(WAIT).until(() -> combiner.queued() == 1);

        waiter.get().interrupt();
        go.countDown();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(interrupted.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("2 interrupted");
    }

    @Test
    void aBatchLimitOfOneSendsEveryRequestAlone() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        WriteCombiner<Integer, Integer> combiner = doubling(1, go);
        Future<Integer> first = callers.submit(() -> combiner.submit(0));
        List<Future<Integer>> queued = lineUpBehindTheFirstBatch(combiner, 2);

        go.countDown();

        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (Future<Integer> f : queued) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(batches).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void noBatchHoldsMoreThanItsLimit() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        WriteCombiner<Integer, Integer> combiner = doubling(3, go);
        Future<Integer> first = callers.submit(() -> combiner.submit(0));
        List<Future<Integer>> queued = lineUpBehindTheFirstBatch(combiner, 7);

        go.countDown();

        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (Future<Integer> f : queued) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(batches.subList(1, batches.size())).extracting(List::size).containsExactly(3, 3, 1);
    }

    @Test
    void aBatchThatThrowsFailsEachOfItsRequestsAndOneLeftOpenFailsToo() throws Exception {
        IllegalStateException broken = new IllegalStateException("the database said no");
        WriteCombiner<Integer, Integer> throwing = new WriteCombiner<>(8, batch -> {
            throw broken;
        });
        assertThatThrownBy(() -> throwing.submit(1)).isSameAs(broken);

        WriteCombiner<Integer, Integer> forgetful = new WriteCombiner<>(8, batch -> { });
        assertThatThrownBy(() -> forgetful.submit(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the write batch left this request without a result");

        WriteCombiner<Integer, Integer> failing = new WriteCombiner<>(8,
                batch -> batch.forEach(p -> p.fail(new IllegalArgumentException("bad " + p.request()))));
        Future<Integer> f = callers.submit(() -> failing.submit(7));
        assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("bad 7");
    }

    @Test
    void aBatchLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new WriteCombiner<Integer, Integer>(0, batch -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatch must be at least 1, but was 0");
    }
}
