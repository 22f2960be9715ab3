package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.TestTypes.Step;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link AsyncJobs#watch}: pushed for jobs run here, polled for jobs run elsewhere, ended exactly once. */
class AsyncJobsWatchTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();
    /** Store reads ({@code find}) made through {@link #counting}. */
    private final AtomicInteger reads = new AtomicInteger();
    /** The shared store, counting the reads of the engine built on it. */
    private final ForwardingJobStore counting = new ForwardingJobStore(store) {
        @Override
        protected void before(Call call, Job job) {
            if (call == Call.FIND) {
                reads.incrementAndGet();
            }
        }
    };

    @Test
    void theFirstSnapshotIsTheCurrentOneAndArrivesBeforeWatchReturns() {
        AsyncJobs client = clientOnly(Duration.ofHours(1));
        Job submitted = client.submit("gated", new Count(1));
        Recorder recorder = new Recorder();

        JobWatch watch = client.watch(submitted.id(), recorder);

        assertThat(recorder.snapshots).containsExactly(submitted);
        assertThat(watch.jobId()).isEqualTo(submitted.id());
        assertThat(watch.isOpen()).isTrue();
        assertThat(recorder.ended).hasValue(0);
    }

    @Test
    void progressOfAJobRunHereIsPushedWithoutReadingTheStore() throws Exception {
        CountDownLatch step1 = engines.gate();
        CountDownLatch step2 = engines.gate();
        // polling so rare that only pushes can deliver within the test's patience
        AsyncJobs jobs = engines.start(b -> b.store(counting).progressInterval(Duration.ZERO)
                .awaitPollInterval(Duration.ofHours(1))
                .register("steps", Count.class, Doubled.class, (in, ctx) -> {
                    ctx.reportProgress(new Step(1, 2));
                    step1.await();
                    ctx.reportProgress(new Step(2, 2));
                    step2.await();
                    return new Doubled(in.n() * 2);
                }));
        Job submitted = jobs.submit("steps", new Count(4));
        Recorder recorder = new Recorder();

        jobs.watch(submitted.id(), recorder);
        int readsAfterTheFirstSnapshot = reads.get();
        recorder.awaitSnapshot(j -> j.progressJson().orElse("").equals("{\"done\":1,\"of\":2}"));
        step1.countDown();
        recorder.awaitSnapshot(j -> j.progressJson().orElse("").equals("{\"done\":2,\"of\":2}"));
        step2.countDown();
        recorder.awaitEnded();

        assertThat(recorder.last().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(recorder.last(), Doubled.class)).contains(new Doubled(8));
        assertThat(reads).as("store reads after the first snapshot").hasValue(readsAfterTheFirstSnapshot);
        recorder.assertInOrderAndNeverConcurrent();
    }

    @Test
    void aRetryGoingBackToPendingIsPushedAndTheWatchEndsOnceAfterTheOutcome() throws Exception {
        CountDownLatch failFirst = engines.gate();
        CountDownLatch sweepAllowed = engines.gate();
        AtomicInteger calls = new AtomicInteger();
        // the retry is claimed by the sweep, held back here until the test has seen the Pending snapshot
        ForwardingJobStore heldSweeps = new ForwardingJobStore(store) {
            @Override
            protected void before(Call call, Job job) {
                if (call == Call.FIND_DUE || call == Call.CLAIM_DUE) {
                    awaitQuietly(sweepAllowed);
                }
            }
        };
        AsyncJobs jobs = engines.start(b -> b.store(heldSweeps).sweepInterval(Duration.ofMillis(10))
                .awaitPollInterval(Duration.ofHours(1))
                .register(JobDefinition.builder("flaky", Count.class, Doubled.class, (in, ctx) -> {
                    if (calls.incrementAndGet() == 1) {
                        failFirst.await();
                        throw new java.io.IOException("transient");
                    }
                    return new Doubled(ctx.attempt());
                }).retryPolicy(RetryPolicy.builder().maxAttempts(2)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(1)).build()).build()));
        Job submitted = jobs.submit("flaky", new Count(1));
        Recorder recorder = new Recorder();

        jobs.watch(submitted.id(), recorder);
        recorder.awaitSnapshot(j -> j.status() == JobStatus.RUNNING && j.attempt() == 1);
        failFirst.countDown();
        recorder.awaitSnapshot(j -> j.status() == JobStatus.PENDING && j.attempt() == 1);
        sweepAllowed.countDown();
        recorder.awaitEnded();

        assertThat(recorder.last().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(recorder.last().attempt()).isEqualTo(2);
        assertThat(recorder.ended).hasValue(1);
        assertThat(recorder.snapshots).filteredOn(j -> j.status().isTerminal()).hasSize(1);
        recorder.assertInOrderAndNeverConcurrent();
    }

    @Test
    void aJobRunByAnotherEngineIsFollowedByPollingTheStore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch report = engines.gate();
        CountDownLatch finish = engines.gate();
        AsyncJobs runner = engines.start(b -> b.store(store).progressInterval(Duration.ZERO)
                .awaitPollInterval(Duration.ofHours(1))
                .register("gated", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    report.await();
                    ctx.reportProgress(new Step(1, 1));
                    finish.await();
                    return new Doubled(in.n() * 2);
                }));
        AsyncJobs observer = clientOnly(Duration.ofMillis(20));
        Job submitted = runner.submit("gated", new Count(5));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Recorder recorder = new Recorder();

        observer.watch(submitted.id(), recorder);
        assertThat(recorder.snapshots).singleElement().satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.RUNNING));
        report.countDown();
        recorder.awaitSnapshot(j -> j.progressJson().isPresent());
        finish.countDown();
        recorder.awaitEnded();

        assertThat(recorder.last().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(observer.output(recorder.last(), Doubled.class)).contains(new Doubled(10));
        assertThat(recorder.ended).hasValue(1);
        recorder.assertInOrderAndNeverConcurrent();
    }

    @Test
    void manyWatchesOfOneRemoteJobShareOneStoreReadPerPollInterval() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = engines.gate();
        AsyncJobs runner = engines.start(b -> b.store(store).register("gated", Count.class, Doubled.class, (in, ctx) -> {
            started.countDown();
            finish.await();
            return new Doubled(in.n());
        }));
        String id = runner.submit("gated", new Count(1)).id();
        Duration interval = Duration.ofMillis(20);
        AsyncJobs observer = clientOnly(interval);
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        int watches = 200;
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < watches; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            observer.watch(id, recorder);
        }

        int readsBefore = reads.get();
        long from = System.nanoTime();
        await().atMost(PATIENCE).until(() -> reads.get() >= readsBefore + 5);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        long polled = reads.get() - readsBefore;

        // one shared task reads the job at most once per round; a round starts at most once per interval
        assertThat(polled).as("store reads for %d watches over %d ms polled every %s", watches, elapsedMillis, interval)
                .isLessThanOrEqualTo(elapsedMillis / interval.toMillis() + 2);
        assertThat(recorders).as("an unchanged version is not delivered again")
                .allSatisfy(r -> assertThat(r.snapshots).hasSize(1));
        finish.countDown();
        for (Recorder recorder : recorders) {
            recorder.awaitEnded();
            assertThat(recorder.last().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(recorder.ended).hasValue(1);
        }
    }

    @Test
    void closeStopsCallbacksAndEndsNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch progress = engines.gate();
        CountDownLatch finish = engines.gate();
        // a lease long enough that no heartbeat writes between the watch and its close
        AsyncJobs jobs = engines.start(b -> b.store(store).progressInterval(Duration.ZERO)
                .leaseDuration(Duration.ofMinutes(10)).awaitPollInterval(Duration.ofMillis(10))
                .register("steps", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    progress.await();
                    ctx.reportProgress(new Step(1, 1));
                    finish.await();
                    return new Doubled(in.n());
                }));
        Job submitted = jobs.submit("steps", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Recorder closed = new Recorder();
        Recorder control = new Recorder();
        JobWatch watch = jobs.watch(submitted.id(), closed);
        jobs.watch(submitted.id(), control);

        watch.close();
        watch.close();
        progress.countDown();
        finish.countDown();
        control.awaitEnded();

        assertThat(watch.isOpen()).isFalse();
        assertThat(closed.snapshots).hasSize(1);
        assertThat(closed.ended).as("no onEnded after the caller's own close").hasValue(0);
        assertThat(control.last().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void watchingATerminalJobDeliversItAndEndsAtOnce() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.store(store)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));
        Job done = jobs.await(jobs.submit("double", new Count(2)).id(), PATIENCE);
        Recorder recorder = new Recorder();

        JobWatch watch = jobs.watch(done.id(), recorder);

        assertThat(recorder.snapshots).containsExactly(done);
        assertThat(recorder.ended).hasValue(1);
        assertThat(watch.isOpen()).isFalse();
        watch.close();
        assertThat(recorder.ended).hasValue(1);
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        AsyncJobs jobs = clientOnly(Duration.ofMillis(20));

        assertThatThrownBy(() -> jobs.watch(JobIds.newId(), new Recorder())).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jobs.watch("../x", new Recorder())).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jobs.watch(JobIds.newId(), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFailingFirstReadIsStoreUnavailable() {
        AtomicBoolean down = new AtomicBoolean();
        ForwardingJobStore flaky = new ForwardingJobStore(store) {
            @Override
            protected void before(Call call, Job job) {
                if (down.get()) {
                    throw new JobStoreUnavailableException("down for the test");
                }
            }
        };
        AsyncJobs jobs = engines.start(b -> b.store(flaky).submitOnly("gated", Count.class));
        Job submitted = jobs.submit("gated", new Count(1));
        Recorder recorder = new Recorder();
        down.set(true);

        assertThatThrownBy(() -> jobs.watch(submitted.id(), recorder)).isInstanceOf(JobStoreUnavailableException.class);
        assertThat(recorder.snapshots).isEmpty();
    }

    @Test
    void aDeletedJobEndsItsWatches() throws Exception {
        AsyncJobs client = clientOnly(Duration.ofMillis(10));
        Job submitted = client.submit("gated", new Count(1));
        Recorder recorder = new Recorder();
        client.watch(submitted.id(), recorder);

        store.delete(submitted.id());

        recorder.awaitEnded();
        assertThat(recorder.snapshots).containsExactly(submitted);
    }

    @Test
    void aWatcherThatThrowsIsClosed() throws Exception {
        AsyncJobs client = clientOnly(Duration.ofMillis(10));
        Job submitted = client.submit("gated", new Count(1));
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        JobWatcher throwing = new JobWatcher() {
            @Override
            public void onSnapshot(Job job) {
                calls.incrementAndGet();
                throw new IllegalStateException("watcher bug");
            }

            @Override
            public void onEnded() {
                ended.incrementAndGet();
            }
        };

        JobWatch watch = client.watch(submitted.id(), throwing);
        Recorder control = new Recorder();
        client.watch(submitted.id(), control);
        client.terminate(submitted.id(), "stop");
        control.awaitEnded();

        assertThat(watch.isOpen()).isFalse();
        assertThat(calls).hasValue(1);
        assertThat(ended).hasValue(0);
    }

    @Test
    void closingTheEngineEndsEveryWatchAndTheyHoldNoThreads() throws Exception {
        AsyncJobs client = clientOnly(Duration.ofMillis(20));
        int watches = 2000;
        List<Recorder> recorders = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < watches; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            client.watch(client.submit("gated", new Count(i)).id(), recorder);
        }

        assertThat(Thread.activeCount() - threadsBefore).as("threads started for %d watches", watches).isLessThan(20);
        assertThat(recorders).allSatisfy(r -> assertThat(r.ended).hasValue(0));
        client.close();

        for (Recorder recorder : recorders) {
            recorder.awaitEnded();
            assertThat(recorder.ended).hasValue(1);
            assertThat(recorder.snapshots).hasSize(1);
        }
    }

    /** A client-only engine on the counting store: it submits {@code gated} jobs that no engine of it runs. */
    private AsyncJobs clientOnly(Duration pollInterval) {
        return engines.start(b -> b.store(counting).awaitPollInterval(pollInterval).submitOnly("gated", Count.class));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records what a watch delivers, and whether two callbacks ever overlapped. */
    static final class Recorder implements JobWatcher {
        final List<Job> snapshots = new CopyOnWriteArrayList<>();
        final BlockingQueue<Job> unseen = new LinkedBlockingQueue<>();
        final AtomicInteger ended = new AtomicInteger();
        final CountDownLatch endedLatch = new CountDownLatch(1);
        private final AtomicBoolean inCallback = new AtomicBoolean();
        private final AtomicBoolean overlapped = new AtomicBoolean();

        @Override
        public void onSnapshot(Job job) {
            enter();
            snapshots.add(job);
            unseen.add(job);
            leave();
        }

        @Override
        public void onEnded() {
            enter();
            ended.incrementAndGet();
            endedLatch.countDown();
            leave();
        }

        private void enter() {
            if (!inCallback.compareAndSet(false, true)) {
                overlapped.set(true);
            }
        }

        private void leave() {
            inCallback.set(false);
        }

        Job last() {
            return snapshots.get(snapshots.size() - 1);
        }

        /** Waits for a delivered snapshot that matches, skipping the others. */
        Job awaitSnapshot(Predicate<Job> matching) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                Job job = unseen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(job).as("a matching snapshot within %s; got %s", PATIENCE, snapshots).isNotNull();
                if (matching.test(job)) {
                    return job;
                }
            }
        }

        void awaitEnded() throws InterruptedException {
            assertThat(endedLatch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the watch ended; snapshots %s", snapshots).isTrue();
        }

        /** Each snapshot is another version, none older than the one before, and only the last is terminal. */
        void assertInOrderAndNeverConcurrent() {
            assertThat(overlapped).as("callbacks overlapped").isFalse();
            for (int i = 1; i < snapshots.size(); i++) {
                Job before = snapshots.get(i - 1);
                Job after = snapshots.get(i);
                assertThat(after.version()).isNotEqualTo(before.version());
                assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
                assertThat(before.status().isTerminal()).as("a snapshot after a terminal one").isFalse();
            }
        }
    }
}
