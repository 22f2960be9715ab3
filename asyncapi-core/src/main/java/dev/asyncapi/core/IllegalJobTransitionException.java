package dev.asyncapi.core;

/**
 * A job was asked to move between two statuses that {@link JobStatus} does not allow.
 */
public class IllegalJobTransitionException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public IllegalJobTransitionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public IllegalJobTransitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
