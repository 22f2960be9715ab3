package dev.asyncapi.core.spi;

import dev.asyncapi.core.internal.ObservedJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import dev.asyncapi.core.wrapping.JobStoreMethods;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store wrappers of this module forward every SPI method, the default ones included: a wrapper that left
 * {@link JobStore#claimsInBatches} to its default would turn a store's batch claims off without a word.
 */
class StoreWrappersForwardEverythingTest {

    @Test
    void theEnginesTimingWrapperForwardsEveryMethod() {
        assertThat(JobStoreMethods.notForwardedBy(ObservedJobStore.class)).isEmpty();
    }

    @Test
    void theSpiOverviewsExampleStoreForwardsEveryMethod() {
        assertThat(JobStoreMethods.notForwardedBy(SizeLimitedJobStore.class)).isEmpty();
    }

    @Test
    void theTestForwardingStoreForwardsEveryMethod() {
        assertThat(JobStoreMethods.notForwardedBy(ForwardingJobStore.class)).isEmpty();
    }
}
