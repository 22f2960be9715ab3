package dev.asyncapi.micrometer;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobFailedException;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import dev.asyncapi.core.spi.JobStore;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real jobs on a real engine, read back from a {@link SimpleMeterRegistry}. */
class AsyncJobsMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch gate = new CountDownLatch(1);
    private AsyncJobs jobs;

    record In(int n) {
    }

    record Out(int n) {
    }

    private AsyncJobs start(int workers, int queueCapacity) {
        AsyncJobsMetrics metrics = new AsyncJobsMetrics(registry, List.of(Tag.of("app", "test")));
        jobs = AsyncJobs.builder().listener(metrics).workers(workers).queueCapacity(queueCapacity)
                .register("double", In.class, Out.class, (in, ctx) -> new Out(in.n() * 2))
                .register("block", In.class, Out.class, (in, ctx) -> {
                    gate.await();
                    return new Out(0);
                })
                .register(JobDefinition.builder("refuse", In.class, Out.class, (in, ctx) -> {
                    throw new JobFailedException("NoSuchAccount", "no account " + in.n());
                }).build())
                .build();
        metrics.bindGauges(jobs);
        return jobs;
    }

    @AfterEach
    void close() {
        gate.countDown();
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void countsAndTimesJobsByTypeAndOutcome() throws Exception {
        start(2, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(jobs.await(jobs.submit("double", new In(i)).id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(jobs.await(jobs.submit("refuse", new In(1)).id(), PATIENCE).status()).isEqualTo(JobStatus.FAILED);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count(AsyncJobsMetrics.OUTCOMES, "type", "double", "outcome", "completed", "code", "none")).isEqualTo(3);
            assertThat(count(AsyncJobsMetrics.OUTCOMES, "type", "refuse", "outcome", "failed", "code", "NoSuchAccount"))
                    .isEqualTo(1);
        });
        assertThat(registry.get(AsyncJobsMetrics.SUBMITTED).tags("type", "double", "app", "test").counter().count())
                .isEqualTo(3);
        assertThat(registry.get(AsyncJobsMetrics.QUEUE_WAIT).tags("type", "double").timer().count()).isEqualTo(3);
        Timer run = registry.get(AsyncJobsMetrics.RUN).tags("type", "double", "outcome", "completed").timer();
        assertThat(run.count()).isEqualTo(3);
        assertThat(run.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(AsyncJobsMetrics.STORE_CALLS).tags("operation", "create", "outcome", "success").timer()
                .count()).isEqualTo(4);
        assertThat(registry.get(AsyncJobsMetrics.STORE_CALLS).tags("operation", "update", "outcome", "success").timer()
                .count()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void gaugesReadTheEngineAndRejectionsAreCounted() {
        start(1, 1);
        jobs.submit("block", new In(1));
        jobs.submit("block", new In(2));

        assertThatThrownBy(() -> jobs.submit("block", new In(3))).isInstanceOf(JobRejectedException.class);

        assertThat(gauge("running")).isEqualTo(1);
        assertThat(gauge("queued")).isEqualTo(1);
        assertThat(gauge("admitted")).isEqualTo(2);
        assertThat(gauge("capacity")).isEqualTo(2);
        assertThat(gauge("workers")).isEqualTo(1);
        assertThat(gauge("saturation")).isEqualTo(1.0);
        assertThat(registry.get(AsyncJobsMetrics.REJECTED).tags("type", "block", "reason", "Saturated").counter().count())
                .isEqualTo(1);
        gate.countDown();
        await().atMost(PATIENCE).until(() -> gauge("admitted") == 0);
    }

    @Test
    void aFailingStoreCallIsCountedAsAFailure() {
        AsyncJobsMetrics metrics = new AsyncJobsMetrics(registry);
        JobStore unreachableOnRead = new ForwardingJobStore(new InMemoryJobStore()) {
            @Override
            protected void before(Call call, Job job) {
                if (call == Call.FIND) {
                    throw new JobStoreUnavailableException("the store is down for this test", null);
                }
            }
        };
        jobs = AsyncJobs.builder().listener(metrics).store(unreachableOnRead)
                .register("double", In.class, Out.class, (in, ctx) -> new Out(in.n() * 2)).build();

        assertThatThrownBy(() -> jobs.find(JobIds.newId())).isInstanceOf(JobStoreUnavailableException.class);

        assertThat(registry.get(AsyncJobsMetrics.STORE_CALLS).tags("operation", "find", "outcome", "failure").timer()
                .count()).isEqualTo(1);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name) {
        return registry.get(AsyncJobsMetrics.ENGINE_PREFIX + name).tags("app", "test").gauge().value();
    }
}
