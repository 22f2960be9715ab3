package dev.asyncapi.examples.audit;

import dev.asyncapi.core.AsyncJobs;

/** Picks the job store named by {@code --store}. */
final class JobStores {

    private JobStores() {
    }

    static void configure(AsyncJobs.Builder engine, AppOptions.Store store, String connectionString,
                          StorageOptions storage) {
        if (store == AppOptions.Store.AZURE_TABLES) {
            throw new AuditConfigurationException("--store=azure-tables is not available in this build yet");
        }
    }
}
