package dev.asyncapi.azure.tables;

import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of the {@code dev.asyncapi.azure.tables} package overview, run against Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureTablesPackageExamplesIT {

    private final String connectionString;
    private AsyncJobs jobs;
    private AzureTableJobStore store;

    AzureTablesPackageExamplesIT(AzuriteServer azurite) {
        this.connectionString = azurite.connectionString();
    }

    @AfterEach
    void close() {
        if (jobs != null) {
            jobs.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void buildsTheStoreFromAConnectionStringAndRunsAJobOnIt() throws Exception {
        // tag::azure-tables-build-store[]
        AzureTableJobStore store = AzureTableJobStore.builder()
                .connectionString(connectionString)
                .build();
        AsyncJobs jobs = AsyncJobs.builder()
                .store(store)
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();

        Job done = jobs.await(jobs.submit("greet", "Ada").id(), Duration.ofSeconds(30));
        // end::azure-tables-build-store[]
        this.store = store;
        this.jobs = jobs;

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, String.class)).contains("Hello, Ada");
        assertThat(store.tableName()).isEqualTo(AzureTableJobStore.DEFAULT_TABLE_NAME);
        assertThat(store.shardCount()).isEqualTo(AzureTableJobStore.DEFAULT_SHARD_COUNT);
        // the job lives in the table: a store of another process, built the same way, reads it
        try (AzureTableJobStore other = AzureTableJobStore.builder().connectionString(connectionString).build()) {
            assertThat(other.find(done.id())).map(Job::status).contains(JobStatus.COMPLETED);
        }
    }
}
