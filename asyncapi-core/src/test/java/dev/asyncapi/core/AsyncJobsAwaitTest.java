package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncJobsAwaitTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    private AsyncJobs gatedEngine(CountDownLatch gate, CountDownLatch started, Duration awaitPollInterval) {
        return engines.start(b -> b.store(store).awaitPollInterval(awaitPollInterval)
                .register("gated", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    gate.await();
                    return new Doubled(in.n() * 2);
                }));
    }

    @Test
    void awaitWakesWhenALocalJobFinishesWithoutPollingTheStore() throws Exception {
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        // polling so rare that only the local wake-up can end the wait within the test's patience
        AsyncJobs jobs = gatedEngine(gate, started, Duration.ofHours(1));
        Job submitted = jobs.submit("gated", new Count(3));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        CompletableFuture<Job> waiting = jobs.awaitAsync(submitted.id(), Duration.ofHours(1));
        assertThat(waiting).isNotDone();
        gate.countDown();

        Job done = waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(6));
    }

    @Test
    void awaitOnAJobFinishingOnAnotherEngineReturnsByPollingTheStore() throws Exception {
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs runner = gatedEngine(gate, started, Duration.ofHours(1));
        AsyncJobs observer = engines.start(b -> b.store(store).awaitPollInterval(Duration.ofMillis(20))
                .register("other", Count.class, Doubled.class, (in, ctx) -> new Doubled(0)));
        Job submitted = runner.submit("gated", new Count(5));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        CompletableFuture<Job> waiting = observer.awaitAsync(submitted.id(), Duration.ofHours(1));
        assertThat(waiting).isNotDone();
        gate.countDown();

        Job done = waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(observer.output(done, Doubled.class)).contains(new Doubled(10));
    }

    @Test
    void awaitWithAShortMaxWaitReturnsTheRunningSnapshot() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs jobs = gatedEngine(engines.gate(), started, Duration.ofMillis(20));
        Job submitted = jobs.submit("gated", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Job seen = jobs.await(submitted.id(), Duration.ofMillis(100));

        assertThat(seen.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(seen.id()).isEqualTo(submitted.id());
    }

    @Test
    void awaitWithZeroMaxWaitReturnsAtOnce() {
        AsyncJobs jobs = gatedEngine(engines.gate(), new CountDownLatch(1), Duration.ofMillis(20));
        Job submitted = jobs.submit("gated", new Count(1));

        assertThat(jobs.awaitAsync(submitted.id(), Duration.ZERO)).isDone();
    }

    @Test
    void awaitOnAnUnknownJobIsNotFound() {
        AsyncJobs jobs = gatedEngine(engines.gate(), new CountDownLatch(1), Duration.ofMillis(20));

        assertThatThrownBy(() -> jobs.await(JobIds.newId(), Duration.ofSeconds(1))).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jobs.awaitAsync("../x", Duration.ofSeconds(1))).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void awaitAsyncHoldsNoThreadPerWaiter() throws Exception {
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.store(store).workers(4).awaitPollInterval(Duration.ofMillis(50))
                .register("gated", Count.class, Doubled.class, (in, ctx) -> {
                    gate.await();
                    return new Doubled(in.n());
                }));
        int waiters = 500;
        int threadsBefore = Thread.activeCount();
        List<CompletableFuture<Job>> futures = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            futures.add(jobs.awaitAsync(jobs.submit("gated", new Count(i)).id(), Duration.ofHours(1)));
        }

        assertThat(futures).noneMatch(CompletableFuture::isDone);
        assertThat(Thread.activeCount() - threadsBefore).as("threads started while %d callers wait", waiters)
                .isLessThan(20);
        gate.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < waiters; i++) {
            Job done = futures.get(i).join();
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(i));
        }
    }

    @Test
    void closingTheEngineReleasesPendingWaitersWithTheLatestSnapshot() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs jobs = engines.start(b -> b.store(store).workers(1).shutdownTimeout(Duration.ZERO)
                .awaitPollInterval(Duration.ofHours(1))
                .register("stuck", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return new Doubled(0);
                }));
        Job submitted = jobs.submit("stuck", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Job> waiting = jobs.awaitAsync(submitted.id(), Duration.ofHours(1));

        jobs.close();

        Job latest = waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(latest.id()).isEqualTo(submitted.id());
        assertThat(latest.status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void awaitAfterCloseReturnsTheStoredSnapshotAtOnce() throws Exception {
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.store(store).shutdownTimeout(Duration.ZERO)
                .register("gated", Count.class, Doubled.class, (in, ctx) -> {
                    gate.await();
                    return new Doubled(0);
                }));
        Job submitted = jobs.submit("gated", new Count(1));
        jobs.close();

        Job seen = jobs.await(submitted.id(), Duration.ofHours(1));

        assertThat(seen.id()).isEqualTo(submitted.id());
        assertThat(seen.status().isTerminal()).isFalse();
    }

    @Test
    void awaitAcceptsAMaxWaitBeyondWhatNanosecondsCanHold() throws Exception {
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs jobs = gatedEngine(gate, started, Duration.ofMillis(20));
        Job submitted = jobs.submit("gated", new Count(1));

        CompletableFuture<Job> waiting = jobs.awaitAsync(submitted.id(), java.time.temporal.ChronoUnit.FOREVER.getDuration());
        gate.countDown();

        assertThat(waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void everyWaiterOfOneJobWakesLocallyAndRemotely() throws Exception {
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs runner = gatedEngine(gate, started, Duration.ofHours(1));
        AsyncJobs observer = engines.start(b -> b.store(store).awaitPollInterval(Duration.ofMillis(20))
                .register("other", Count.class, Doubled.class, (in, ctx) -> new Doubled(0)));
        Job submitted = runner.submit("gated", new Count(2));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        List<CompletableFuture<Job>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(runner.awaitAsync(submitted.id(), Duration.ofHours(1)));
            futures.add(observer.awaitAsync(submitted.id(), Duration.ofHours(1)));
        }
        Job early = runner.await(submitted.id(), Duration.ofMillis(50));
        assertThat(early.status()).as("a short wait among long ones ends on its own").isEqualTo(JobStatus.RUNNING);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        gate.countDown();

        for (CompletableFuture<Job> future : futures) {
            assertThat(future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }
}
