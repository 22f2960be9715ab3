package dev.asyncapi.core;

/**
 * A job's input does not bind to its handler's input class. Nothing was stored.
 */
public class InvalidJobInputException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public InvalidJobInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public InvalidJobInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
