package dev.asyncapi.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One call an engine made to its {@code JobStore}, as a {@link JobListener} sees it. Immutable.
 *
 * @param operation the SPI method called: {@code create}, {@code find}, {@code update}, {@code findDue},
 *                  {@code findByIdempotencyKey}, {@code query}, {@code delete} or {@code purge}
 * @param duration  how long the call took (monotonic clock), not negative
 * @param outcome   how it ended
 */
public record StoreCall(String operation, Duration duration, Outcome outcome) {

    /** How a store call ended. */
    public enum Outcome {
        /** The call returned. */
        SUCCESS,
        /**
         * The store refused a write as the SPI allows: a stale version on {@code update} or a duplicate on
         * {@code create}. This is the compare-and-set doing its job (two workers racing, a terminate in
         * between), not a fault of the store.
         */
        CONFLICT,
        /** The call threw anything else: the store is unreachable, overloaded, misconfigured or broken. */
        FAILURE
    }

    /**
     * Validates the call.
     *
     * @param operation the SPI method called
     * @param duration  how long it took
     * @param outcome   how it ended
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public StoreCall {
        Objects.requireNonNull(operation, "operation cannot be null");
        Objects.requireNonNull(duration, "duration cannot be null");
        Objects.requireNonNull(outcome, "outcome cannot be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration cannot be negative, but was " + duration);
        }
    }
}
