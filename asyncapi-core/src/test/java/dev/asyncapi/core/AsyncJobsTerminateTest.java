package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncJobsTerminateTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * One worker whose handler blocks until the gate opens or it is interrupted. The lease is long, so the
     * next heartbeat is minutes away: only the local run's own termination can stop the handler in time.
     */
    private AsyncJobs blockingEngine(CountDownLatch gate) {
        return engines.start(b -> b.workers(1).leaseDuration(Duration.ofMinutes(5))
                .register("block", Count.class, Doubled.class, (in, ctx) -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return new Doubled(in.n());
        }));
    }

    @Test
    void terminatingARunningJobRecordsTerminatedAndInterruptsTheHandler() throws Exception {
        AsyncJobs jobs = blockingEngine(engines.gate());
        Job submitted = jobs.submit("block", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Job terminated = jobs.terminate(submitted.id(), "no longer needed");

        assertThat(terminated.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(terminated.failure()).contains(new JobFailure(JobFailure.TERMINATED, "no longer needed"));
        assertThat(interrupted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(jobs.await(submitted.id(), PATIENCE).status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(jobs.find(submitted.id()).orElseThrow().status()).isEqualTo(JobStatus.TERMINATED);
    }

    @Test
    void terminatingAPendingJobMeansItNeverRuns() throws Exception {
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = blockingEngine(gate);
        Job first = jobs.submit("block", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Job queued = jobs.submit("block", new Count(2));

        Job terminated = jobs.terminate(queued.id(), "changed my mind");
        gate.countDown();

        assertThat(terminated.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(terminated.attempt()).isZero();
        assertThat(jobs.await(first.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        // the queued run sees the job terminated and skips it; nothing else is queued behind it
        Job third = jobs.submit("block", new Count(3));
        assertThat(jobs.await(third.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(runs).hasValue(2);
        assertThat(jobs.find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.TERMINATED);
    }

    @Test
    void terminatingATerminalJobIsAClearError() throws Exception {
        CountDownLatch gate = engines.gate();
        gate.countDown();
        AsyncJobs jobs = blockingEngine(gate);
        Job done = jobs.await(jobs.submit("block", new Count(1)).id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);

        assertThatThrownBy(() -> jobs.terminate(done.id(), "too late"))
                .isInstanceOf(JobAlreadyTerminalException.class).hasMessageContaining("Completed");
        assertThat(jobs.find(done.id())).contains(done);
    }

    @Test
    void terminatingAnUnknownJobIsNotFound() {
        AsyncJobs jobs = blockingEngine(engines.gate());

        assertThatThrownBy(() -> jobs.terminate(JobIds.newId(), "x")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jobs.terminate("not a valid id", "x")).isInstanceOf(JobNotFoundException.class);
    }
}
