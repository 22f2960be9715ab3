package dev.asyncapi.client;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void shouldRequireValidSettings() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDelay (PT1S) cannot be shorter than initialDelay (PT2S)");
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be from 0 to 1, was 1.5");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldHaveTheDocumentedDefaults() {
        RetryPolicy defaults = RetryPolicy.ofDefaults();

        assertThat(defaults.maxAttempts()).isEqualTo(4);
        assertThat(defaults.initialDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.jitter()).isEqualTo(0.5);
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void shouldDoubleTheBackoffUpToTheMaximumWithoutJitter() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).jitter(0)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500)).build();

        assertThat(policy.delayAfter(1, Optional.empty())).contains(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2, Optional.empty())).contains(Duration.ofMillis(200));
        assertThat(policy.delayAfter(3, Optional.empty())).contains(Duration.ofMillis(400));
        assertThat(policy.delayAfter(4, Optional.empty())).contains(Duration.ofMillis(500));
        assertThat(policy.delayAfter(9, Optional.empty())).contains(Duration.ofMillis(500));
        assertThat(policy.delayAfter(10, Optional.empty())).as("all attempts used").isEmpty();
    }

    @RepeatedTest(20)
    void shouldKeepJitteredPausesWithinTheirBounds() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).jitter(0.5)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(10)).build();

        assertThat(policy.delayAfter(3, Optional.empty())).hasValueSatisfying(delay ->
                assertThat(delay).isBetween(Duration.ofMillis(200), Duration.ofMillis(400)));
    }

    @RepeatedTest(20)
    void shouldNeverPauseLessThanTheRetryAfter() {
        RetryPolicy policy = RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();

        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(3)))).contains(Duration.ofSeconds(3));
        assertThat(policy.delayAfter(1, Optional.of(Duration.ZERO))).hasValueSatisfying(delay ->
                assertThat(delay).isBetween(Duration.ofMillis(5), Duration.ofMillis(10)));
    }

    @Test
    void shouldGiveUpOnARetryAfterLongerThanItsLimit() {
        RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(5)).build();

        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(5)))).contains(Duration.ofSeconds(5));
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(6)))).isEmpty();
    }
}
