package dev.asyncapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the client sends a request again: after a network error (refused, reset or closed connection, a request
 * timeout) and after a {@code 503}, up to {@link #maxAttempts()} sends in all, pausing between them with
 * exponential backoff and jitter, and never sooner than the server's {@code Retry-After}.
 *
 * <p>Every request the client sends is safe to repeat: reads are; a submit carries an {@code Idempotency-Key}
 * that is the same on every attempt, so the server answers a repeat with the job the first attempt created; a
 * termination that reached the server before its answer was lost is recognised by the status it left. Other
 * error answers ({@code 4xx}, {@code 500}) are never retried.
 *
 * <p>The pause before attempt {@code n + 1} is drawn uniformly from {@code [d * (1 - jitter), d]} with
 * {@code d = min(maxDelay, initialDelay * 2^(n - 1))}, then raised to the answer's {@code Retry-After} if that is
 * longer. A {@code Retry-After} longer than {@link #maxRetryAfter()} ends the retries at once with a
 * {@link ServiceUnavailableException} that carries it.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class RetryPolicy {

    /** Default of {@link Builder#maxAttempts(int)}: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    /** Default first pause of {@link Builder#backoff(Duration, Duration)}: 200 ms. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
    /** Default longest pause of {@link Builder#backoff(Duration, Duration)}: 10 s. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
    /** Default of {@link Builder#jitter(double)}: {@value}. */
    public static final double DEFAULT_JITTER = 0.5;
    /** Default of {@link Builder#maxRetryAfter(Duration)}: 60 s. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration maxRetryAfter;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialDelay = builder.initialDelay;
        this.maxDelay = builder.maxDelay;
        this.jitter = builder.jitter;
        this.maxRetryAfter = builder.maxRetryAfter;
    }

    /**
     * Returns the default policy: {@value #DEFAULT_MAX_ATTEMPTS} attempts, backoff from 200 ms up to 10 s,
     * jitter {@value #DEFAULT_JITTER}, {@code Retry-After} honoured up to 60 s.
     *
     * @return the default policy
     */
    public static RetryPolicy ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that sends every request once.
     *
     * @return a policy of one attempt
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Returns a builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns how many times a request is sent at most, the first time included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the pause before the second attempt, before jitter.
     *
     * @return the initial delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * Returns the longest pause the backoff grows to, before jitter.
     *
     * @return the maximum delay
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Returns the fraction of each pause that is random.
     *
     * @return from 0 (none) to 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * Returns the longest {@code Retry-After} the client waits out before trying again.
     *
     * @return the limit
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The pause before attempt {@code failedAttempts + 1}, or empty to give up: all attempts are used or the
     * server asked for a longer pause than {@link #maxRetryAfter()}.
     */
    Optional<Duration> delayAfter(int failedAttempts, Optional<Duration> retryAfter) {
        if (failedAttempts >= maxAttempts) {
            return Optional.empty();
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(maxRetryAfter) > 0) {
            return Optional.empty();
        }
        long base = initialDelay.toNanos();
        for (int i = 1; i < failedAttempts && base < maxDelay.toNanos(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxDelay.toNanos());
        long jittered = base - (long) (base * jitter * ThreadLocalRandom.current().nextDouble());
        Duration delay = Duration.ofNanos(jittered);
        return Optional.of(retryAfter.filter(asked -> asked.compareTo(delay) > 0).orElse(delay));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialDelay + ".." + maxDelay
                + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + "]";
    }

    /**
     * Builds a {@link RetryPolicy}. Not thread-safe; {@link #build()} copies the settings, so a builder may be
     * reused.
     */
    public static final class Builder {

        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private double jitter = DEFAULT_JITTER;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;

        private Builder() {
        }

        /**
         * Sets how many times a request is sent at most, the first time included. Default
         * {@value #DEFAULT_MAX_ATTEMPTS}; 1 means never again.
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the exponential backoff: the pause before the second attempt, doubled before each further one
         * up to {@code maxDelay}. Default 200 ms up to 10 s.
         *
         * @param initialDelay the first pause; zero or more
         * @param maxDelay     the longest pause; at least {@code initialDelay}
         * @return this builder
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if either is negative or {@code maxDelay} is shorter than
         *                                  {@code initialDelay}
         */
        public Builder backoff(Duration initialDelay, Duration maxDelay) {
            Objects.requireNonNull(initialDelay, "initialDelay cannot be null");
            Objects.requireNonNull(maxDelay, "maxDelay cannot be null");
            if (initialDelay.isNegative()) {
                throw new IllegalArgumentException("initialDelay cannot be negative, was " + initialDelay);
            }
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay (" + maxDelay
                        + ") cannot be shorter than initialDelay (" + initialDelay + ")");
            }
            this.initialDelay = initialDelay;
            this.maxDelay = maxDelay;
            return this;
        }

        /**
         * Sets the fraction of each backoff pause that is random, so that clients refused together do not come
         * back together. Default {@value #DEFAULT_JITTER}: a pause of {@code d} becomes one between
         * {@code d / 2} and {@code d}. Never shortens a {@code Retry-After}.
         *
         * @param jitter from 0 (no randomness) to 1
         * @return this builder
         * @throws IllegalArgumentException if {@code jitter} is outside {@code [0, 1]}
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be from 0 to 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} the client waits out; a server asking for more ends the retries
         * with a {@link ServiceUnavailableException}. Default 60 s.
         *
         * @param maxRetryAfter zero or more
         * @return this builder
         * @throws NullPointerException     if {@code maxRetryAfter} is null
         * @throws IllegalArgumentException if it is negative
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter cannot be null");
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter cannot be negative, was " + maxRetryAfter);
            }
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return an immutable policy
         */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
