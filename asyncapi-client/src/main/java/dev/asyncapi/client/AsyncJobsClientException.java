package dev.asyncapi.client;

/**
 * The root of every exception the client throws or completes a future with. Catch it to handle any failure
 * of a call; catch a subtype to act on one condition.
 *
 * <p>This type itself is thrown only when a blocking call is interrupted (its cause is the
 * {@link InterruptedException}, and the thread's interrupt flag is set again) or when a future the client
 * built fails with an exception that is none of the subtypes. I/O and Jackson exceptions never escape
 * except as a cause.
 */
public class AsyncJobsClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying exception, or null
     */
    protected AsyncJobsClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception with a message only.
     *
     * @param message what went wrong
     */
    protected AsyncJobsClientException(String message) {
        super(message);
    }
}
