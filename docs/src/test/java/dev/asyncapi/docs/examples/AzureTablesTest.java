package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.spi.JobStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Azure Table Storage blocks of docs/azure-tables.md and docs/deployment.md, run on a real Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureTablesTest {

    @Test
    void theStoreKeepsTheJobsInItsTable(AzuriteServer azurite) throws Exception {
        String connectionString = azurite.connectionString();

        // tag::azure-tables-store[]
        JobStore store = AzureTableJobStore.builder()
                .connectionString(connectionString)   // e.g. System.getenv("JOBS_STORAGE_CONNECTION_STRING")
                .tableName("asyncjobs")          // default
                .shardCount(8)                   // default; fixed for the lifetime of a table
                .build();
        AsyncJobs jobs = AsyncJobs.builder().store(store)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();
        // end::azure-tables-store[]

        try {
            Job done = jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-05")).id(),
                    Duration.ofSeconds(30));
            assertThat(jobs.output(done, Long.class)).contains(5L);
            TableClient table = new TableServiceClientBuilder().connectionString(connectionString)
                    .buildClient().getTableClient("asyncjobs");
            assertThat(table.getEntity(shardOf(table, done.id()), "job_" + done.id()).getProperty("status"))
                    .isEqualTo("Completed");
        } finally {
            jobs.close();
            store.close();
        }
    }

    @Test
    void aDurableStoreIsOneSettingMore(AzuriteServer azurite) throws Exception {
        String connectionString = azurite.connectionString();

        // tag::deployment-durable-store[]
        JobStore store = AzureTableJobStore.builder()
                .connectionString(connectionString)   // e.g. System.getenv("JOBS_STORAGE_CONNECTION_STRING")
                .build();
        AsyncJobs jobs = AsyncJobs.builder()
                .store(store)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();
        // end::deployment-durable-store[]

        AsyncJobs other = AsyncJobs.builder().store(store).submitOnly("count", CountRequest.class).build();
        try {
            Job done = other.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-02")).id(),
                    Duration.ofSeconds(30));
            assertThat(other.output(done, Long.class)).as("read through another engine on the same table")
                    .contains(2L);
        } finally {
            other.close();
            jobs.close();
            store.close();
        }
    }

    private static String shardOf(TableClient table, String id) {
        return table.listEntities().stream()
                .filter(entity -> entity.getRowKey().equals("job_" + id))
                .findFirst().orElseThrow().getPartitionKey();
    }
}
