package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import dev.asyncapi.core.spi.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/** A store that is slow on some calls must not make a healthy run lose its lease. */
class AsyncJobsSlowStoreTest {

    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final Duration LEASE = Duration.ofSeconds(2);

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    @Test
    void slowPurgeAndDueQueriesDoNotCostARunningJobItsLease() throws Exception {
        SlowStore slow = new SlowStore(store);
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.store(slow).workerId("slow-one").leaseDuration(LEASE)
                .sweepInterval(Duration.ofMillis(20)).retention(Duration.ofSeconds(1))
                .register("hold", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    started.countDown();
                    gate.await();
                    return new Doubled(in.n());
                }));
        // a healthy engine on the same data that takes over any job whose lease expires, at once
        engines.start(b -> b.store(store).workerId("rescuer").leaseDuration(LEASE).sweepInterval(Duration.ofMillis(20))
                .register("hold", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    return new Doubled(-1);
                }));
        Job job = jobs.submit("hold", new Count(7));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        // two slow purges and two slow due queries have each blocked a store call for SLOW, more than twice the
        // lease: without heartbeats of their own the lease would have expired and the rescuer taken the job
        assertThat(slow.slowPurges.await(4 * SLOW.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(slow.slowDueQueries.await(4 * SLOW.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Job running = store.find(job.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.lease().orElseThrow().workerId()).isEqualTo("slow-one");
        assertThat(running.attempt()).isEqualTo(1);

        gate.countDown();
        Job done = jobs.await(job.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(7));
        assertThat(starts).as("handler starts").hasValue(1);
    }

    /** A real store that takes {@link #SLOW} on every purge and due query. */
    private static final class SlowStore extends ForwardingJobStore {
        final CountDownLatch slowPurges = new CountDownLatch(2);
        final CountDownLatch slowDueQueries = new CountDownLatch(2);

        SlowStore(JobStore delegate) {
            super(delegate);
        }

        @Override
        protected void before(Call call, Job job) {
            if (call != Call.PURGE && call != Call.FIND_DUE && call != Call.CLAIM_DUE) {
                return;
            }
            try {
                // the simulated latency of a slow store call, not a synchronisation
                Thread.sleep(SLOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            (call == Call.PURGE ? slowPurges : slowDueQueries).countDown();
        }
    }
}
