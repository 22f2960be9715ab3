package dev.asyncapi.examples.audit;

import com.azure.core.http.policy.HttpPipelinePolicy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the audit example talks to Table Storage: timeouts and retries that bound how long an
 * unreachable table can hold a job, plus extra pipeline policies (the benchmark injects latency).
 *
 * <p>Immutable.
 *
 * @param connectTimeout  TCP connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param responseTimeout longest wait for a response once the request is sent; default
 *                        {@link #DEFAULT_RESPONSE_TIMEOUT}
 * @param maxRetries      retries after a failed request (so {@code maxRetries + 1} tries); default
 *                        {@value #DEFAULT_MAX_RETRIES}
 * @param retryBaseDelay  first backoff delay, doubled per retry up to 2 s; default
 *                        {@link #DEFAULT_RETRY_BASE_DELAY}
 * @param policies        extra per-call pipeline policies; default none
 */
public record StorageOptions(Duration connectTimeout, Duration responseTimeout, int maxRetries,
                             Duration retryBaseDelay, List<HttpPipelinePolicy> policies) {

    /** Default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default response timeout: 30 seconds. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default retries per request: {@value}. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default first retry delay: 200 ms. */
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(200);

    /**
     * Validates and copies the values.
     *
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException if a duration is not positive or {@code maxRetries} is negative
     */
    public StorageOptions {
        positive(connectTimeout, "connectTimeout");
        positive(responseTimeout, "responseTimeout");
        positive(retryBaseDelay, "retryBaseDelay");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries cannot be negative, but was " + maxRetries);
        }
        policies = List.copyOf(Objects.requireNonNull(policies, "policies cannot be null"));
    }

    /**
     * The defaults.
     *
     * @return options with every default
     */
    public static StorageOptions defaults() {
        return new StorageOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_RETRIES,
                DEFAULT_RETRY_BASE_DELAY, List.of());
    }

    /**
     * Returns a copy with one more pipeline policy.
     *
     * @param policy the policy, run once per call
     * @return new options
     */
    public StorageOptions withPolicy(HttpPipelinePolicy policy) {
        List<HttpPipelinePolicy> more = new java.util.ArrayList<>(policies);
        more.add(Objects.requireNonNull(policy, "policy cannot be null"));
        return new StorageOptions(connectTimeout, responseTimeout, maxRetries, retryBaseDelay, more);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " cannot be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
