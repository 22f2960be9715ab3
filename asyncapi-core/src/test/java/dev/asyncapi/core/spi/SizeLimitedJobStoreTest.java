package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// The example of the dev.asyncapi.core.spi overview: a store author runs the contract suite, plus the store's own tests.
// tag::spi-contract-suite[]
class SizeLimitedJobStoreTest extends JobStoreContract {

    @Override
    protected JobStore newStore() {
        return new SizeLimitedJobStore(new InMemoryJobStore(), 64 * 1024);
    }

    @Test
    void refusesAnInputOverTheLimit() {
        Job big = pending("t", "alice", T0).toBuilder().inputJson("\"" + "x".repeat(70_000) + "\"").build();

        assertThatThrownBy(() -> store.create(big)).isInstanceOf(PayloadTooLargeException.class);
        assertThat(store.find(big.id())).isEmpty();
    }
}
// end::spi-contract-suite[]
