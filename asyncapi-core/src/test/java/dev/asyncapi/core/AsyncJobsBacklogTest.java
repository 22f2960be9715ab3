package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog of long jobs, waiting far longer than the lease: the load the engine exists for. Counts and
 * invariants, not timings.
 */
class AsyncJobsBacklogTest {

    private static final int JOBS = 300;
    private static final int WORKERS = 4;
    private static final Duration JOB_TIME = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(1);

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    @Test
    void everyJobOfABacklogLongerThanTheLeaseStartsOnceAndNoMoreRunThanWorkers() throws Exception {
        ConcurrentHashMap<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostActive = new AtomicInteger();
        AsyncJobs jobs = engines.start(b -> b.store(store).workers(WORKERS).leaseDuration(LEASE)
                .sweepInterval(Duration.ofMillis(50))
                .register("long", Count.class, Doubled.class, (in, ctx) -> {
                    starts.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
                    mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                    try {
                        // the work itself: a handler busy for JOB_TIME, not a synchronisation
                        Thread.sleep(JOB_TIME.toMillis());
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    } finally {
                        active.decrementAndGet();
                    }
                    return new Doubled(in.n() * 2);
                }));
        List<Job> submitted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            submitted.add(jobs.submit("long", new Count(i)));
        }

        List<Job> finished = new ArrayList<>();
        // the whole backlog takes JOBS * JOB_TIME / WORKERS; each await returns as soon as its job is done
        Duration patience = JOB_TIME.multipliedBy(JOBS / WORKERS + 30);
        for (Job job : submitted) {
            finished.add(jobs.await(job.id(), patience));
        }

        assertThat(finished).extracting(Job::status).containsOnly(JobStatus.COMPLETED);
        assertThat(finished).extracting(Job::attempt).containsOnly(1);
        assertThat(starts).hasSize(JOBS);
        assertThat(starts.values()).extracting(AtomicInteger::get).as("handler starts per job").containsOnly(1);
        assertThat(interrupted).hasValue(0);
        // counted where it happens: a store query is no snapshot, so it can see one job end and the next start
        assertThat(mostActive.get()).as("most handlers running at once").isBetween(1, WORKERS);
    }
}
