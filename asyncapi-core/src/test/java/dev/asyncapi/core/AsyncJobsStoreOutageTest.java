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

/** A store outage shorter than the lease: the outcome waits for the store, and the job does not run again. */
class AsyncJobsStoreOutageTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    @Test
    void anOutcomeWrittenDuringAnOutageShorterThanTheLeaseIsKeptAndTheJobRunsOnce() throws Exception {
        DownStore down = new DownStore(store);
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs jobs = engines.start(b -> b.store(down).workerId("one").leaseDuration(Duration.ofSeconds(30))
                .sweepInterval(Duration.ofMillis(20))
                .register("work", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    started.countDown();
                    gate.await();
                    return new Doubled(in.n() * 2);
                }));
        // a second engine on the healthy data, which would run the job again if the first gave it up
        engines.start(b -> b.store(store).workerId("two").leaseDuration(Duration.ofSeconds(30))
                .sweepInterval(Duration.ofMillis(20))
                .register("work", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    return new Doubled(-1);
                }));
        Job job = jobs.submit("work", new Count(21));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        down.outage = true;
        gate.countDown();
        // the finished run tried to record its outcome three times while the store was down
        assertThat(down.refusedWrites.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        down.outage = false;

        Job done = jobs.await(job.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(42));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(starts).as("handler starts").hasValue(1);
    }

    /** A real store behind a switch: while {@link #outage} is on, every call fails as unavailable. */
    private static final class DownStore extends ForwardingJobStore {
        final CountDownLatch refusedWrites = new CountDownLatch(3);
        volatile boolean outage;

        DownStore(JobStore delegate) {
            super(delegate);
        }

        @Override
        protected void before(Call call, Job job) {
            if (!outage) {
                return;
            }
            if (call == Call.UPDATE && job.status().isTerminal()) {
                refusedWrites.countDown();
            }
            throw new JobStoreUnavailableException("the store is down");
        }
    }
}
