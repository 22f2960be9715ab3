package dev.asyncapi.core.memory;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the example quoted in the overview of {@code dev.asyncapi.core.memory} (its package-info). */
class MemoryPackageExamplesTest {

    @Test
    void twoEnginesOfOneProcessShareAnInMemoryStore() throws Exception {
        // tag::memory-shared-store[]
        InMemoryJobStore store = new InMemoryJobStore();
        AsyncJobs worker = AsyncJobs.builder()
                .store(store)
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();
        AsyncJobs api = AsyncJobs.builder()
                .store(store)
                .submitOnly("greet", String.class)
                .build();

        Job job = api.submit("greet", "Ada");
        Job done = api.await(job.id(), Duration.ofSeconds(10));
        String greeting = api.output(done, String.class).orElseThrow();

        api.close();
        worker.close();
        // end::memory-shared-store[]

        assertThat(api.isClientOnly()).isTrue();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.lease()).isEmpty();
        assertThat(greeting).isEqualTo("Hello, Ada");
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(job.id())).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
    }
}
