package dev.asyncapi.core;

/**
 * An idempotency key was reused for a different job type or a different input. The HTTP layer answers 422.
 */
public class IdempotencyConflictException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public IdempotencyConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public IdempotencyConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
