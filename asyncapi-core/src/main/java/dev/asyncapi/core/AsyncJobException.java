package dev.asyncapi.core;

/**
 * The root of every exception this library throws. Unchecked: each subtype names a condition a caller can act on.
 */
public class AsyncJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public AsyncJobException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public AsyncJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
