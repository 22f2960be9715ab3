package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.spring.boot.internal.EngineLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The engine closes with the application context: running jobs may finish, then the rest are released. */
class ShutdownIT {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final InMemoryJobStore store = new InMemoryJobStore();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncApiAutoConfiguration.class))
            // the application's store outlives the context, so the test reads what the shutdown wrote
            .withBean(JobStore.class, () -> store)
            .withBean("hold", JobDefinition.class, () -> JobDefinition.builder("hold", String.class, String.class,
                    (input, ctx) -> {
                        started.countDown();
                        try {
                            release.await();
                            return "finished";
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                    }).build());

    @Test
    void closingTheContextLetsARunningJobFinishWithinTheShutdownTimeout() {
        runner.withPropertyValues("asyncapi.shutdown-timeout=60s").run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);
            String id = jobs.submit("hold", "x").id();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            Thread closer = new Thread(context::close, "context-close");
            closer.start();
            // the engine is closing (it refuses submits) while the job still runs
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThatThrownBy(() -> jobs.submit("hold", "y")).isInstanceOf(JobRejectedException.class));
            assertThat(closer.isAlive()).isTrue();
            release.countDown();
            closer.join(60_000);

            assertThat(closer.isAlive()).isFalse();
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        });
    }

    @Test
    void theEngineStopsBeforeTheWebServersGracefulShutdown() {
        // lifecycle phases stop from the highest down
        assertThat(EngineLifecycle.PHASE).isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    @Test
    void closingTheContextReleasesAJobStillRunningAfterTheShutdownTimeout() {
        runner.withPropertyValues("asyncapi.shutdown-timeout=0s").run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);
            String id = jobs.submit("hold", "x").id();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            context.close();

            assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
            // released, due at once, for any instance that runs the type
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        });
    }
}
