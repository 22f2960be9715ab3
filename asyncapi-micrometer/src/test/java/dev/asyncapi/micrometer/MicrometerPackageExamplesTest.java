package dev.asyncapi.micrometer;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example of the {@code dev.asyncapi.micrometer} package overview, run against a real engine. */
class MicrometerPackageExamplesTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private AsyncJobs jobs;

    @AfterEach
    void close() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void bindsTheMetricsOfAnEngineToARegistry() throws Exception {
        // tag::micrometer-bind-metrics[]
        AsyncJobsMetrics metrics = new AsyncJobsMetrics(registry);
        AsyncJobs jobs = AsyncJobs.builder()
                .listener(metrics)
                .workers(4)
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();
        metrics.bindGauges(jobs);

        Job done = jobs.await(jobs.submit("greet", "Ada").id(), Duration.ofSeconds(10));
        // end::micrometer-bind-metrics[]
        this.jobs = jobs;

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(registry.get(AsyncJobsMetrics.SUBMITTED).tag("type", "greet").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(AsyncJobsMetrics.ENGINE_PREFIX + "workers").gauge().value()).isEqualTo(4.0);
        // the listener hears of the outcome after the store recorded it, so it may lag the await by a moment
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(registry.get(AsyncJobsMetrics.OUTCOMES)
                    .tags("type", "greet", "outcome", "completed", "code", "none").counter().count()).isEqualTo(1.0);
            assertThat(registry.get(AsyncJobsMetrics.RUN).tags("type", "greet", "outcome", "completed").timer().count())
                    .isEqualTo(1);
        });
    }
}
