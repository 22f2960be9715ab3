package dev.asyncapi.core;

/**
 * The job store could not be reached or kept failing (throttling, timeouts, an outage). The HTTP layer answers 503. Not used for authentication or configuration errors, which are not transient.
 */
public class JobStoreUnavailableException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public JobStoreUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public JobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
