package dev.asyncapi.examples.audit;

import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.spi.JobStore;

import java.util.Optional;

/** Picks the job store named by {@code --store}. */
final class JobStores {

    private JobStores() {
    }

    /**
     * Sets the engine's store.
     *
     * @return the store the caller must close after the engine, or empty for the engine's in-memory default
     */
    static Optional<JobStore> configure(AsyncJobs.Builder engine, AppOptions.Store store, String connectionString) {
        if (store != AppOptions.Store.AZURE_TABLES) {
            return Optional.empty();
        }
        AzureTableJobStore tables = AzureTableJobStore.builder().connectionString(connectionString).build();
        engine.store(tables);
        return Optional.of(tables);
    }
}
