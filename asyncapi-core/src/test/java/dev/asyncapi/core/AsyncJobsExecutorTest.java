package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The executor options: the user's executor, thread factory and scheduler, and virtual threads. */
class AsyncJobsExecutorTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    @Test
    void aWorkerSlotTakesTheNextJobWhileThePreviousJobsOutcomeIsStillBeingRecorded() throws Exception {
        CountDownLatch outcomeHeld = new CountDownLatch(1);
        CountDownLatch releaseOutcome = engines.gate();
        ForwardingJobStore holding = new ForwardingJobStore(store) {
            @Override
            protected void before(Call call, Job job) {
                if (call == Call.UPDATE && job.status() == JobStatus.COMPLETED && job.inputJson().equals("{\"n\":1}")) {
                    outcomeHeld.countDown();
                    try {
                        releaseOutcome.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        CountDownLatch secondStarted = new CountDownLatch(1);
        AsyncJobs jobs = engines.start(b -> b.store(holding).workers(1)
                .register("count", Count.class, Doubled.class, (in, ctx) -> {
                    if (in.n() == 2) {
                        secondStarted.countDown();
                    }
                    return new Doubled(in.n());
                }));
        Job first = jobs.submit("count", new Count(1));
        assertThat(outcomeHeld.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Job second = jobs.submit("count", new Count(2));

        assertThat(secondStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .as("the one worker ran the second job while the first job's outcome was held").isTrue();
        assertThat(store.find(first.id()).orElseThrow().status()).as("the first outcome, still held")
                .isEqualTo(JobStatus.RUNNING);
        releaseOutcome.countDown();
        assertThat(jobs.await(first.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.await(second.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void workersCapTheRunsOnAUsersUnboundedExecutorAndTheEngineLeavesItRunning() throws Exception {
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            AtomicInteger inHandler = new AtomicInteger();
            AtomicInteger mostInHandler = new AtomicInteger();
            CountDownLatch gate = engines.gate();
            AsyncJobs jobs = engines.startPlain(AsyncJobs.builder().store(store).workers(2).executor(executor)
                    .register("block", Count.class, Doubled.class, (in, ctx) -> {
                        mostInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
                        try {
                            gate.await();
                        } finally {
                            inHandler.decrementAndGet();
                        }
                        return new Doubled(in.n());
                    }));
            List<Job> submitted = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                submitted.add(jobs.submit("block", new Count(i)));
            }
            await().atMost(PATIENCE).until(() -> inHandler.get() == 2);
            assertThat(jobs.query(JobQuery.builder().statuses(JobStatus.RUNNING).build()).jobs()).hasSize(2);
            assertThat(jobs.query(JobQuery.builder().statuses(JobStatus.PENDING).build()).jobs())
                    .as("the rest wait as Pending, holding no lease").hasSize(4)
                    .allSatisfy(j -> assertThat(j.lease()).isEmpty());
            gate.countDown();
            for (Job job : submitted) {
                assertThat(jobs.await(job.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
            }
            assertThat(mostInHandler).hasValue(2);

            jobs.close();
            assertThat(executor.isShutdown()).as("the user's executor is the user's to shut down").isFalse();
            assertThat(executor.submit(() -> "still works").get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("still works");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void threadsComeFromTheUsersFactoryAndTimersFromTheUsersScheduler() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            ConcurrentHashMap<String, Boolean> handlerThreads = new ConcurrentHashMap<>();
            AtomicInteger made = new AtomicInteger();
            AsyncJobs jobs = engines.startPlain(AsyncJobs.builder().store(store).scheduler(scheduler)
                    .threadFactory(r -> {
                        Thread t = new Thread(r, "mine-" + made.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    })
                    .register("double", Count.class, Doubled.class, (in, ctx) -> {
                        handlerThreads.put(Thread.currentThread().getName(), true);
                        return new Doubled(in.n() * 2);
                    }));
            Job done = jobs.await(jobs.submit("double", new Count(4)).id(), PATIENCE);
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(handlerThreads.keySet()).allMatch(name -> name.startsWith("mine-"));

            jobs.close();
            assertThat(scheduler.isShutdown()).as("the user's scheduler is the user's to shut down").isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void virtualThreadsRunHandlersOnVirtualThreadsOrFailClearlyBeforeJava21() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertThatThrownBy(() -> AsyncJobs.builder().virtualThreads())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("needs Java 21 or later")
                    .hasMessageContaining("Java " + Runtime.version().feature());
            return;
        }
        ConcurrentHashMap<String, Boolean> virtual = new ConcurrentHashMap<>();
        AsyncJobs jobs = engines.startPlain(AsyncJobs.builder().store(store).virtualThreads()
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    virtual.put(ctx.jobId(), (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
                    return new Doubled(in.n() * 2);
                }));
        Job job = jobs.submit("double", new Count(4));
        assertThat(jobs.await(job.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(virtual).containsEntry(job.id(), true);
    }

    @Test
    void testEnginesRunOnVirtualThreadsExactlyInTheVirtualThreadPass() throws Exception {
        ConcurrentHashMap<String, Boolean> virtual = new ConcurrentHashMap<>();
        AsyncJobs jobs = engines.start(b -> b.store(store).register("double", Count.class, Doubled.class, (in, ctx) -> {
            boolean isVirtual = Runtime.version().feature() >= 21
                    && (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
            virtual.put(ctx.jobId(), isVirtual);
            return new Doubled(in.n() * 2);
        }));
        Job job = jobs.submit("double", new Count(1));
        assertThat(jobs.await(job.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(virtual).containsEntry(job.id(), Engines.VIRTUAL_THREADS);
    }

    @Test
    void builderRefusesToMixVirtualThreadsWithAnExecutorOrFactory() {
        assertThatThrownBy(() -> AsyncJobs.builder().executor(Runnable::run).executor(Runnable::run))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("executor was already set");
        if (Runtime.version().feature() >= 21) {
            assertThatThrownBy(() -> AsyncJobs.builder().executor(Runnable::run).virtualThreads())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be combined");
            assertThatThrownBy(() -> AsyncJobs.builder().virtualThreads().threadFactory(Thread::new))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("virtualThreads() was already chosen");
        }
    }
}
