package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void rejectsFewerThanOneAttemptNamingTheValue() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts").hasMessageContaining("0");
    }

    @Test
    void rejectsNegativeOrInvertedBackoffNamingTheValues() {
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2S").hasMessageContaining("PT1S");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("initialDelay");
    }

    @Test
    void rejectsMultiplierBelowOneOrNotFinite() {
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.5");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }

    @Test
    void rejectsJitterOutsideZeroToOne() {
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
    }

    @Test
    void rejectsEmptyRetryOn() {
        assertThatThrownBy(() -> RetryPolicy.builder().retryOn())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryOn");
    }

    @Test
    void noneNeverRetries() {
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.none().shouldRetry(1, new IllegalStateException())).isFalse();
    }

    @Test
    void retriesUntilMaxAttemptsExceptNonRetryableJobFailures() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).build();

        assertThat(policy.shouldRetry(1, new IllegalStateException())).isTrue();
        assertThat(policy.shouldRetry(2, new IllegalStateException())).isTrue();
        assertThat(policy.shouldRetry(3, new IllegalStateException())).isFalse();
        assertThat(policy.shouldRetry(1, new JobFailedException("Bad", "bad input"))).isFalse();
        assertThat(policy.shouldRetry(1, new JobFailedException("Busy", "try later", true, null))).isTrue();
    }

    @Test
    void retryOnNarrowsToTheListedTypesAndTheirSubtypes() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).retryOn(IOException.class).build();

        assertThat(policy.shouldRetry(1, new java.net.SocketTimeoutException())).isTrue();
        assertThat(policy.shouldRetry(1, new UncheckedIOException(new IOException()))).isFalse();
    }

    @Test
    void delayGrowsExponentiallyWithinJitterAndIsCapped() {
        RetryPolicy policy = RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofMillis(1000))
                .multiplier(2).jitter(0.5).build();

        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(policy.delayAfter(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.delayAfter(20)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        }
    }

    @Test
    void zeroJitterWaitsExactlyTheComputedDelay() {
        RetryPolicy policy = RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
                .multiplier(3).jitter(0).build();

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMillis(900));
    }
}
