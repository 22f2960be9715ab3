package dev.asyncapi.spring.boot.internal;

import com.azure.core.credential.TokenCredential;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.spring.boot.AsyncApiProperties;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The Azure Table store from {@code asyncapi.store.azure-tables.*}. An endpoint authenticates with the
 * application's one {@link TokenCredential} bean (Spring Cloud Azure defines one; otherwise the application
 * declares e.g. a {@code DefaultAzureCredential}).
 */
final class AzureTablesStores {

    private static final String PREFIX = "asyncapi.store.azure-tables.";

    private AzureTablesStores() {
    }

    static JobStore create(AsyncApiProperties.AzureTables settings, ListableBeanFactory beans) {
        AzureTableJobStore.Builder builder = AzureTableJobStore.builder();
        String connectionString = settings.getConnectionString();
        String endpoint = settings.getEndpoint();
        if (connectionString != null && endpoint != null) {
            throw Properties.invalid(PREFIX + "endpoint", "set either " + PREFIX + "connection-string or " + PREFIX
                    + "endpoint, not both");
        }
        if (connectionString == null && endpoint == null) {
            throw Properties.invalid(PREFIX + "connection-string", "the store type azure-tables needs " + PREFIX
                    + "connection-string, or " + PREFIX + "endpoint with a TokenCredential bean");
        }
        Properties.applySecret(PREFIX + "connection-string", connectionString, builder::connectionString);
        if (endpoint != null) {
            TokenCredential credential = beans.getBeanProvider(TokenCredential.class).getIfUnique();
            if (credential == null) {
                throw Properties.invalid(PREFIX + "endpoint", "an endpoint needs exactly one bean of type"
                        + " com.azure.core.credential.TokenCredential (e.g. DefaultAzureCredential, or Spring Cloud"
                        + " Azure's), but there are " + beans.getBeanNamesForType(TokenCredential.class).length);
            }
            Properties.apply(PREFIX + "endpoint", endpoint, value -> builder.endpoint(value, credential));
        }
        Properties.apply(PREFIX + "table-name", settings.getTableName(), builder::tableName);
        Properties.apply(PREFIX + "shard-count", settings.getShardCount(), builder::shardCount);
        Properties.apply(PREFIX + "create-table-if-missing", settings.getCreateTableIfMissing(), builder::createTableIfMissing);
        return builder.build();
    }
}
