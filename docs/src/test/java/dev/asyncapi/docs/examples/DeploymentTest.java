package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.UnknownJobTypeException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.servlet.AsyncJobsHttp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of docs/deployment.md, run. The tiers share one store, as they would share a durable one
 * (the durable store's own block runs in {@link AzureTablesTest}).
 */
class DeploymentTest {

    @Test
    void oneInstanceSubmitsAndRunsItsJobs() throws Exception {
        // tag::deployment-one-instance[]
        AsyncJobs jobs = AsyncJobs.builder()
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();                            // InMemoryJobStore: jobs are lost on restart
        // end::deployment-one-instance[]
        try {
            Job done = jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-03")).id(),
                    Duration.ofSeconds(30));
            assertThat(jobs.output(done, Long.class)).contains(3L);
        } finally {
            jobs.close();
        }
    }

    @Test
    void theApiTierSubmitsAndTheWorkerGroupsRunTheirOwnTypes() throws Exception {
        JobStore store = new InMemoryJobStore();

        // tag::deployment-api-tier[]
        AsyncJobs jobs = AsyncJobs.builder()
                .store(store)
                .submitOnly("count", CountRequest.class)      // the input is bound here: a bad one is a 400 at once
                .submitOnly("export", ExportRequest.class)
                .awaitPollInterval(Duration.ofMillis(250))    // long polls read the store at this interval
                .build();
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).build();
        // end::deployment-api-tier[]

        Job count = jobs.submit("count", new CountRequest("2021-08-01", "2021-08-04"));
        Job export = jobs.submit("export", new ExportRequest("audit"));
        assertThat(jobs.isClientOnly()).isTrue();
        assertThat(http.jobs()).isSameAs(jobs);
        assertThat(jobs.find(count.id()).orElseThrow().status()).as("nobody runs it yet").isEqualTo(JobStatus.PENDING);

        // tag::deployment-worker-tier[]
        // group "count": as many instances as the load needs
        AsyncJobs counts = AsyncJobs.builder()
                .store(store)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .workers(16)
                .build();

        // group "export": few instances, long jobs
        AsyncJobs exports = AsyncJobs.builder()
                .store(store)
                .register(JobDefinition.builder("export", ExportRequest.class, ExportResult.class, Handlers::export)
                        .timeout(Duration.ofMinutes(30))
                        .build())
                .workers(2)
                .build();
        // end::deployment-worker-tier[]

        try {
            Job counted = jobs.await(count.id(), Duration.ofSeconds(30));
            Job exported = jobs.await(export.id(), Duration.ofSeconds(30));
            assertThat(jobs.output(counted, Long.class)).contains(4L);
            assertThat(jobs.output(exported, ExportResult.class))
                    .contains(new ExportResult("audit", "https://files.example.com/audit.csv"));
            assertThat(counts.types()).containsExactly("count");
            assertThat(exports.types()).containsExactly("export");
        } finally {
            exports.close();
            counts.close();
            jobs.close();
        }
    }

    @Test
    void aRollingDeployLeavesTheNewTypePendingForTheNewVersion() throws Exception {
        JobStore store = new InMemoryJobStore();

        // tag::deployment-rolling[]
        // version 1, still running on some instances
        AsyncJobs v1 = AsyncJobs.builder().store(store)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();

        // version 2
        AsyncJobs v2 = AsyncJobs.builder().store(store)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .register("export", ExportRequest.class, ExportResult.class, Handlers::export)
                .build();
        // end::deployment-rolling[]

        try {
            assertThatThrownBy(() -> v1.submit("export", new ExportRequest("audit")))
                    .isInstanceOf(UnknownJobTypeException.class);
            Job exported = v1.await(v2.submit("export", new ExportRequest("audit")).id(), Duration.ofSeconds(30));
            assertThat(exported.status()).isEqualTo(JobStatus.COMPLETED);
        } finally {
            v2.close();
            v1.close();
        }
    }
}
