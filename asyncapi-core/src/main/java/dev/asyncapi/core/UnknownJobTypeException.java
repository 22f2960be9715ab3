package dev.asyncapi.core;

/**
 * A job was submitted with a type that has no registered handler. Nothing was stored.
 */
public class UnknownJobTypeException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public UnknownJobTypeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public UnknownJobTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
