package dev.asyncapi.core;

/**
 * A job that is already terminal (Completed, Failed or Terminated) was asked to change, e.g. to be terminated.
 */
public class JobAlreadyTerminalException extends IllegalJobTransitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public JobAlreadyTerminalException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public JobAlreadyTerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
