package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Jobs survive the engine that took them: they are released at shutdown or taken over after a lease. */
class AsyncJobsRecoveryTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    private static final JobHandler<Count, Doubled> DOUBLE = (in, ctx) -> new Doubled(in.n() * 2);

    /** An engine on the shared store whose handler blocks until interrupted. */
    private AsyncJobs stuckEngine(CountDownLatch started, CountDownLatch interrupted,
                                  UnaryOperator<AsyncJobs.Builder> configure) {
        return engines.start(b -> configure.apply(b).store(store).workers(1)
                .register("double", Count.class, Doubled.class, engines.blockedUntilInterrupted(started, interrupted)));
    }

    private AsyncJobs rescuer() {
        return engines.start(b -> b.store(store).sweepInterval(Duration.ofMillis(10)).workerId("rescuer")
                .register("double", Count.class, Doubled.class, DOUBLE));
    }

    @Test
    void shutdownMidJobReleasesItAndAnotherEngineFinishesIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AsyncJobs first = stuckEngine(started, interrupted, b -> b.shutdownTimeout(Duration.ofMillis(50)));
        Job submitted = first.submit("double", new Count(5));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        first.close();

        Job released = store.find(submitted.id()).orElseThrow();
        assertThat(released.status()).isEqualTo(JobStatus.PENDING);
        assertThat(released.lease()).isEmpty();
        assertThat(released.attempt()).isEqualTo(1);
        assertThat(interrupted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        AsyncJobs second = rescuer();
        Job done = second.await(submitted.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(second.output(done, Doubled.class)).contains(new Doubled(10));
        assertThat(done.attempt()).isEqualTo(2);
    }

    @Test
    void closeLetsARunningJobFinishWithinTheShutdownTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.store(store).workers(1).shutdownTimeout(PATIENCE)
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    finish.await();
                    return new Doubled(in.n() * 2);
                }));
        Job submitted = jobs.submit("double", new Count(3));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Thread closing = new Thread(jobs::close, "closing");
        closing.start();
        // close() has begun once the engine refuses new work; it must now be waiting for the running job
        await().atMost(PATIENCE).untilAsserted(() -> assertThatThrownBy(() -> jobs.submit("double", new Count(1)))
                .isInstanceOf(JobRejectedException.class).hasMessageContaining("shutting down"));
        assertThat(closing.isAlive()).as("close() waits for the running job").isTrue();
        finish.countDown();
        closing.join(PATIENCE.toMillis());
        assertThat(closing.isAlive()).isFalse();

        Job done = store.find(submitted.id()).orElseThrow();
        assertThat(done.status()).as("finished, not released").isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(1);
    }

    @Test
    void theSweepStartsNoMoreJobsThanFreeWorkers() throws Exception {
        AsyncJobs client = engines.start(b -> b.store(store).submitOnly("double", Count.class));
        AtomicInteger inHandler = new AtomicInteger();
        AtomicInteger mostInHandler = new AtomicInteger();
        CountDownLatch twoRunning = new CountDownLatch(2);
        CountDownLatch finish = engines.gate();
        engines.start(b -> b.store(store).workers(2).sweepInterval(Duration.ofMillis(10))
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    mostInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
                    twoRunning.countDown();
                    try {
                        finish.await();
                    } finally {
                        inHandler.decrementAndGet();
                    }
                    return new Doubled(in.n() * 2);
                }));
        List<Job> submitted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            submitted.add(client.submit("double", new Count(i)));
        }
        assertThat(twoRunning.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        // the worker keeps sweeping every 10 ms; wait for the stored Running count to settle at the slots
        await().atMost(PATIENCE).until(() -> client.query(JobQuery.builder().statuses(JobStatus.RUNNING).build())
                .jobs().size() == 2);
        assertThat(client.query(JobQuery.builder().statuses(JobStatus.PENDING).build()).jobs())
                .as("the rest wait, unclaimed").hasSize(4).allSatisfy(j -> assertThat(j.attempt()).isZero());
        finish.countDown();
        for (Job job : submitted) {
            assertThat(client.await(job.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(mostInHandler).hasValue(2);
    }

    @Test
    void newEngineFinishesPendingJobsLeftByAClosedEngine() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs first = stuckEngine(started, new CountDownLatch(1), b -> b
                .shutdownTimeout(Duration.ZERO).leaseDuration(Duration.ofMillis(300)));
        Job running = first.submit("double", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Job queued1 = first.submit("double", new Count(2));
        Job queued2 = first.submit("double", new Count(3));

        first.close();
        assertThat(store.find(queued1.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(store.find(queued2.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        AsyncJobs second = rescuer();
        for (Job job : new Job[] {running, queued1, queued2}) {
            Job done = second.await(job.id(), PATIENCE);
            assertThat(done.status()).as("%s", job).isEqualTo(JobStatus.COMPLETED);
            assertThat(done.lease()).isEmpty();
        }
        assertThat(store.find(queued1.id()).orElseThrow().attempt()).as("never ran on the closed engine").isEqualTo(1);
        assertThat(second.output(store.find(queued2.id()).orElseThrow(), Doubled.class)).contains(new Doubled(6));
    }

    @Test
    void runningJobWhoseWorkerDiedIsTakenOverOnceItsLeaseExpires() throws Exception {
        Instant longAgo = Instant.now().minusSeconds(120);
        Job pending = store.create(JobTransitions.newPending(JobIds.newId(), "double", "{\"n\":7}", null, null, longAgo));
        // a worker claimed it a minute ago and has not renewed its lease since: it died
        Job orphan = store.update(JobTransitions.claim(pending, "dead-worker", longAgo, longAgo.plusSeconds(60)));
        assertThat(orphan.status()).isEqualTo(JobStatus.RUNNING);

        AsyncJobs rescuer = rescuer();
        Job done = rescuer.await(orphan.id(), PATIENCE);

        assertThat(done.status()).as("%s", done.failure()).isEqualTo(JobStatus.COMPLETED);
        assertThat(rescuer.output(done, Doubled.class)).contains(new Doubled(14));
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(done.startedAt()).contains(longAgo);
    }

    @Test
    void runningJobWithALiveLeaseIsLeftToItsWorker() throws Exception {
        Instant now = Instant.now();
        Job pending = store.create(JobTransitions.newPending(JobIds.newId(), "double", "{\"n\":7}", null, null, now));
        Job held = store.update(JobTransitions.claim(pending, "busy-worker", now, now.plusSeconds(3600)));

        AsyncJobs other = rescuer();
        Job seen = other.await(held.id(), Duration.ofMillis(300));

        assertThat(seen).isEqualTo(held);
    }

    @Test
    void heartbeatKeepsALongJobsLeaseSoNoOtherEngineTakesItOver() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = engines.gate();
        AtomicInteger rescuerRuns = new AtomicInteger();
        // a lease short enough to lapse several times during the test, long enough to survive a loaded machine
        AsyncJobs owner = engines.start(b -> b.store(store).leaseDuration(Duration.ofMillis(500))
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    finish.await();
                    return new Doubled(in.n() * 2);
                }));
        engines.start(b -> b.store(store).sweepInterval(Duration.ofMillis(10))
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    rescuerRuns.incrementAndGet();
                    return new Doubled(-1);
                }));
        Job submitted = owner.submit("double", new Count(4));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Instant firstExpiry = store.find(submitted.id()).orElseThrow().lease().orElseThrow().expiresAt();

        // two lease lengths pass while the handler runs; each renewal moves the expiry on
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(store.find(submitted.id()).orElseThrow().lease())
                .hasValueSatisfying(l -> assertThat(l.workerId()).isEqualTo(owner.workerId()))
                .hasValueSatisfying(l -> assertThat(l.expiresAt()).isAfter(firstExpiry.plusMillis(1000))));
        finish.countDown();

        Job done = owner.await(submitted.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(owner.output(done, Doubled.class)).contains(new Doubled(8));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(rescuerRuns).hasValue(0);
    }
}
