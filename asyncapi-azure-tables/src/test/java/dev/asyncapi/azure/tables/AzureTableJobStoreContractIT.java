package dev.asyncapi.azure.tables;

import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store passes core's JobStore contract unchanged, against a real Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureTableJobStoreContractIT extends JobStoreContract {

    private final AzuriteServer azurite;

    AzureTableJobStoreContractIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    @Override
    protected JobStore newStore() {
        return AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("contract")).shardCount(4).build();
    }
}
