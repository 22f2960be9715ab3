package dev.asyncapi.webhooks.internal;

import dev.asyncapi.core.wrapping.JobStoreMethods;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrapper the engine writes through forwards every SPI method, so the store's batch claims stay on. */
class HandoffStoreTest {

    @Test
    void forwardsEveryStoreMethodIncludingTheDefaultOnes() {
        assertThat(JobStoreMethods.notForwardedBy(HandoffStore.class)).isEmpty();
    }
}
