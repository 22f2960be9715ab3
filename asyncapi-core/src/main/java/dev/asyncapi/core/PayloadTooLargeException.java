package dev.asyncapi.core;

/**
 * A job's input is larger than the store can hold. Nothing was stored. The HTTP layer answers 413.
 */
public class PayloadTooLargeException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public PayloadTooLargeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
