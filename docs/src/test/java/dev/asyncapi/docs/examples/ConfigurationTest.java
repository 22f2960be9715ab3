package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/configuration.md, run. */
class ConfigurationTest {

    @Test
    void handlersRunOnTheExecutorPassedInWhichCloseLeavesRunning() throws Exception {
        AtomicInteger handed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.Executor managedExecutor = task -> {
            handed.incrementAndGet();
            pool.execute(task);
        };

        // tag::configuration-executor[]
        AsyncJobs jobs = AsyncJobs.builder()
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .executor(managedExecutor)          // e.g. a container's ManagedExecutorService; not shut down by close()
                .workers(32)                        // at most 32 counts at once on this engine
                .build();
        // end::configuration-executor[]

        Job done = jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-07")).id(),
                Duration.ofSeconds(30));
        jobs.close();

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Long.class)).contains(7L);
        assertThat(handed).as("tasks handed to the executor").hasPositiveValue();
        assertThat(pool.isShutdown()).as("close() leaves the executor running").isFalse();
        pool.shutdown();
    }

    @Test
    void virtualThreadsRunHandlersFromJava21AndAreRefusedBefore() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertThatThrownBy(ConfigurationTest::onLoom)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(String.valueOf(Runtime.version().feature()));
            return;
        }
        AsyncJobs onLoom = onLoom();
        try {
            Job done = onLoom.await(onLoom.submit("count", new CountRequest("2021-08-01", "2021-08-02")).id(),
                    Duration.ofSeconds(30));
            assertThat(onLoom.output(done, Long.class)).contains(2L);
        } finally {
            onLoom.close();
        }
    }

    private static AsyncJobs onLoom() {
        // tag::configuration-virtual-threads[]
        AsyncJobs onLoom = AsyncJobs.builder()   // Java 21+
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .virtualThreads()
                .workers(2000)
                .build();
        // end::configuration-virtual-threads[]
        return onLoom;
    }
}
