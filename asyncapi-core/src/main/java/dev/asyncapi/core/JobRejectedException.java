package dev.asyncapi.core;

/**
 * The engine is saturated (every worker busy and the queue full) or shutting down, so a submit was refused. Nothing was stored; try again later. The HTTP layer answers 503 with {@code Retry-After}.
 */
public class JobRejectedException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public JobRejectedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public JobRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
