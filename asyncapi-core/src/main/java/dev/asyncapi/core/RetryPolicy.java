package dev.asyncapi.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a job whose handler threw is run again.
 *
 * <p>Backoff is exponential with full jitter: before attempt {@code n + 1} the engine waits a random
 * time between {@code (1 - jitter) * d} and {@code d}, where
 * {@code d = min(maxDelay, initialDelay * multiplier^(n - 1))}.
 *
 * <p>Which failures retry: by default every exception except {@link JobFailedException}s that are not
 * {@linkplain JobFailedException#isRetryable() retryable}; {@link RetryPolicy.Builder#retryOn} narrows
 * it to the listed exception types. Timeouts and terminations never retry.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {

    /** Default attempts of {@link #builder()}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default first delay: 1 second. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    /** Default longest delay: 1 minute. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
    /** Default multiplier: {@value}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default jitter fraction: {@value}. */
    public static final double DEFAULT_JITTER = 0.5;

    private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryOn;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.retryOn = List.copyOf(b.retryOn);
    }

    /**
     * The policy that never retries, the default of every job type.
     *
     * @return a policy with one attempt
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Starts a builder with the defaults ({@value #DEFAULT_MAX_ATTEMPTS} attempts, 1 s initial delay,
     * 1 min max delay, multiplier 2, jitter 0.5, every exception retried).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most times a handler runs for one job, counting the first run */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Tells whether a job that failed with {@code failure} on attempt {@code attempt} runs again.
     *
     * @param attempt the attempt that failed, 1-based
     * @param failure what the handler threw
     * @return {@code true} if it runs again
     */
    public boolean shouldRetry(int attempt, Throwable failure) {
        if (attempt >= maxAttempts) {
            return false;
        }
        if (failure instanceof JobFailedException jfe && !jfe.isRetryable()) {
            return false;
        }
        return retryOn.isEmpty() || retryOn.stream().anyMatch(c -> c.isInstance(failure));
    }

    /**
     * Returns the wait before the attempt after {@code attempt}, with jitter applied.
     *
     * @param attempt the attempt that failed, 1-based
     * @return the delay, never negative
     */
    public Duration delayAfter(int attempt) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double low = capped * (1 - jitter);
        double millis = low + ThreadLocalRandom.current().nextDouble() * (capped - low);
        return Duration.ofMillis(Math.round(millis));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", maxDelay="
                + maxDelay + ", multiplier=" + multiplier + ", jitter=" + jitter + ", retryOn=" + retryOn + "]";
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe; {@link #build()} copies the settings. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private List<Class<? extends Throwable>> retryOn = List.of();

        private Builder() {
        }

        /**
         * Sets how many times a handler may run for one job, counting the first run.
         *
         * @param maxAttempts at least 1; default {@value RetryPolicy#DEFAULT_MAX_ATTEMPTS}
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the delay before the second attempt and the longest delay.
         *
         * @param initialDelay first delay, not negative; default 1 s
         * @param maxDelay     cap, not less than {@code initialDelay}; default 1 min
         * @return this builder
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if {@code initialDelay} is negative or above {@code maxDelay}
         */
        public Builder backoff(Duration initialDelay, Duration maxDelay) {
            Objects.requireNonNull(initialDelay, "initialDelay cannot be null");
            Objects.requireNonNull(maxDelay, "maxDelay cannot be null");
            if (initialDelay.isNegative()) {
                throw new IllegalArgumentException("initialDelay cannot be negative, but was " + initialDelay);
            }
            if (initialDelay.compareTo(maxDelay) > 0) {
                throw new IllegalArgumentException("initialDelay " + initialDelay
                        + " cannot be greater than maxDelay " + maxDelay);
            }
            this.initialDelay = initialDelay;
            this.maxDelay = maxDelay;
            return this;
        }

        /**
         * Sets the growth factor between delays.
         *
         * @param multiplier at least 1.0; default {@value RetryPolicy#DEFAULT_MULTIPLIER}
         * @return this builder
         * @throws IllegalArgumentException if less than 1.0 or not finite
         */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a finite number >= 1.0, but was " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets the jitter fraction: 0 waits exactly the computed delay, 1 waits anywhere from 0 to it.
         *
         * @param jitter between 0.0 and 1.0; default {@value RetryPolicy#DEFAULT_JITTER}
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1]
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, but was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Retries only failures of these types (and their subtypes). Default: every type.
         *
         * @param types the exception types that retry; not empty
         * @return this builder
         * @throws NullPointerException     if {@code types} or an element is null
         * @throws IllegalArgumentException if {@code types} is empty
         */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            List<Class<? extends Throwable>> list = List.of(types);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("retryOn needs at least one exception type");
            }
            this.retryOn = list;
            return this;
        }

        /**
         * Builds the immutable policy.
         *
         * @return a new policy
         */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
