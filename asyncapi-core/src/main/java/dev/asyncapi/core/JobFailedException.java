package dev.asyncapi.core;

import java.util.Objects;

/**
 * Thrown by a {@link JobHandler} to fail its job with a code and a message that callers may see.
 * Unlike other exceptions, whose messages are never exposed (they may carry secrets), the code and
 * message given here are recorded as the job's {@link JobFailure} word for word (a message too long for the
 * store is cut short; see {@link PayloadTooLargeException}).
 *
 * <p>Whether the job is retried follows its {@link RetryPolicy}; by default a {@code JobFailedException}
 * is not retried when {@link #isRetryable()} is false.
 */
public class JobFailedException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /** The failure code callers see. */
    private final String code;
    /** Whether the retry policy may run the job again. */
    private final boolean retryable;

    /**
     * Creates a non-retryable failure.
     *
     * @param code    a stable failure code, e.g. {@code "TableUnreachable"}; not blank
     * @param message the message callers will see; not null
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code code} is blank
     */
    public JobFailedException(String code, String message) {
        this(code, message, false, null);
    }

    /**
     * Creates a failure.
     *
     * @param code      a stable failure code; not blank
     * @param message   the message callers will see; not null
     * @param retryable whether the retry policy may run the job again
     * @param cause     the underlying failure, logged but never exposed; may be null
     * @throws NullPointerException     if {@code code} or {@code message} is null
     * @throws IllegalArgumentException if {@code code} is blank
     */
    public JobFailedException(String code, String message, boolean retryable, Throwable cause) {
        super(Objects.requireNonNull(message, "message cannot be null"), cause);
        this.code = new JobFailure(code, message).code();
        this.retryable = retryable;
    }

    /**
     * Returns the failure code.
     *
     * @return the code given at construction
     */
    public String code() {
        return code;
    }

    /**
     * Tells whether the retry policy may run the job again after this failure.
     *
     * @return the flag given at construction; {@code false} for the two-argument constructor
     */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Returns the failure this exception records.
     *
     * @return a failure with this exception's code and message
     */
    public JobFailure toFailure() {
        return new JobFailure(code, getMessage());
    }
}
