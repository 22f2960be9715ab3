package dev.asyncapi.postgres;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreContract;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store passes core's JobStore contract unchanged, against a real PostgreSQL; each test in a fresh schema. */
@ExtendWith(PostgresExtension.class)
class PostgresJobStoreContractIT extends JobStoreContract {

    private final PostgresServer postgres;

    PostgresJobStoreContractIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @Override
    protected JobStore newStore() {
        return PostgresJobStore.builder(postgres.dataSource()).schema(TestSchemas.unique("contract")).build();
    }
}
