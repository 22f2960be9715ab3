package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.spring.boot.AsyncApiProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Builds the store {@code asyncapi.store.type} names. The store modules are optional dependencies: the classes
 * that touch them ({@link AzureTablesStores}, {@link PostgresStores}) load only when their type is chosen, after a
 * check that says which dependency is missing.
 */
public final class JobStores {

    private static final String TYPE = "asyncapi.store.type";

    private JobStores() {
    }

    /**
     * Builds the configured store.
     *
     * @param store the {@code asyncapi.store.*} settings
     * @param beans where a {@code TokenCredential} or {@code DataSource} bean is looked up
     * @return a new store; the caller closes it
     * @throws dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException if a setting is refused or the store's
     *                                                                    module is not on the class path
     */
    public static JobStore create(AsyncApiProperties.Store store, ListableBeanFactory beans) {
        switch (store.getType()) {
            case AZURE_TABLES:
                requireModule("dev.asyncapi.azure.tables.AzureTableJobStore", "azure-tables", "asyncapi-azure-tables");
                return AzureTablesStores.create(store.getAzureTables(), beans);
            case POSTGRES:
                requireModule("dev.asyncapi.postgres.PostgresJobStore", "postgres", "asyncapi-postgres");
                return PostgresStores.create(store.getPostgres(), beans);
            case MEMORY:
            default:
                return new InMemoryJobStore();
        }
    }

    private static void requireModule(String className, String type, String artifactId) {
        if (!ClassUtils.isPresent(className, JobStores.class.getClassLoader())) {
            throw Properties.invalid(TYPE, "the store type " + type + " needs the dependency dev.asyncapi:" + artifactId
                    + " on the class path");
        }
    }
}
