package dev.asyncapi.core;

/**
 * An idempotency key was reused for a different job type or a different input. The HTTP layer answers 422.
 */
public class IdempotencyConflictException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    private IdempotencyConflictException(String what) {
        super("the idempotency key was already used for " + what);
    }

    /** @return the exception for a key used earlier with another job type */
    public static IdempotencyConflictException otherType() {
        return new IdempotencyConflictException("a different job type");
    }

    /** @return the exception for a key used earlier with another input */
    public static IdempotencyConflictException otherInput() {
        return new IdempotencyConflictException("a different input");
    }

    /** @return the exception for a key whose earlier job's input cannot be read to compare */
    public static IdempotencyConflictException unreadableEarlierInput() {
        return new IdempotencyConflictException("a job whose input cannot be read");
    }
}
