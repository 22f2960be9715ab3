package dev.asyncapi.core;

/**
 * No job exists with the given id.
 */
public class JobNotFoundException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public JobNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public JobNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
