package dev.asyncapi.examples.audit;

import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import java.util.Optional;

/** Picks the job store named by {@code --store}. */
final class JobStores {

    /** The environment variable holding the PostgreSQL password, if the URL's user needs one. */
    static final String POSTGRES_PASSWORD = "ASYNCAPI_POSTGRES_PASSWORD";

    private JobStores() {
    }

    /**
     * Sets the engine's store.
     *
     * @return the store the caller must close after the engine, or empty for the engine's in-memory default
     */
    static Optional<JobStore> configure(AsyncJobs.Builder engine, AppOptions options, String connectionString) {
        JobStore store;
        switch (options.store()) {
            case AZURE_TABLES -> store = AzureTableJobStore.builder().connectionString(connectionString).build();
            case POSTGRES -> store = PostgresJobStore.builder(dataSource(options.postgresUrl().orElseThrow())).build();
            default -> {
                return Optional.empty();
            }
        }
        engine.store(store);
        return Optional.of(store);
    }

    /** The database of {@code --postgres-url}; a password comes from the environment, never the command line. */
    private static DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        String password = System.getenv(POSTGRES_PASSWORD);
        if (password != null && !password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
