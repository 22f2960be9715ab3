package dev.asyncapi.core;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreContract;

/** The in-memory store passes the JobStore contract suite unchanged. */
class InMemoryJobStoreTest extends JobStoreContract {

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore();
    }
}
