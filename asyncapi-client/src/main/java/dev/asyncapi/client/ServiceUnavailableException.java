package dev.asyncapi.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered {@code 503} (saturated, store unavailable, or a proxy in front of it) on every attempt the
 * {@link RetryPolicy} allowed, or asked in {@code Retry-After} for a longer pause than the policy will wait.
 * Nothing was stored by a refused submit; it is safe to submit again later.
 */
public final class ServiceUnavailableException extends ProblemException {

    private static final long serialVersionUID = 1L;

    /** How many times the request was sent. */
    private final int attempts;
    /** The last answer's {@code Retry-After}, or null. */
    private final Duration retryAfter;

    /**
     * Creates the exception for the last {@code 503} answer.
     *
     * @param problem    the last answer's problem
     * @param attempts   how many times the request was sent, at least 1
     * @param retryAfter the last answer's {@code Retry-After}, or null if it had none
     * @throws NullPointerException     if {@code problem} is null
     * @throws IllegalArgumentException if {@code attempts} is less than 1 or {@code retryAfter} is negative
     */
    public ServiceUnavailableException(Problem problem, int attempts, Duration retryAfter) {
        super(problem, note(attempts, retryAfter));
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter cannot be negative, was " + retryAfter);
        }
        this.attempts = attempts;
        this.retryAfter = retryAfter;
    }

    /**
     * Returns how many times the request was sent before the client gave up.
     *
     * @return at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns the pause the server asked for in its last answer's {@code Retry-After}.
     *
     * @return the pause, or empty if the last answer had no (valid) {@code Retry-After}
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static String note(int attempts, Duration retryAfter) {
        return " [after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (retryAfter == null ? "" : "; Retry-After " + retryAfter.toSeconds() + " s") + "]";
    }
}
