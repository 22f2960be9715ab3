package dev.asyncapi.client;

/**
 * A request got no answer: the connection was refused, reset or closed, or the answer did not arrive within the
 * request timeout; on every attempt the {@link RetryPolicy} allowed. The cause is the last I/O exception
 * (an {@link java.net.http.HttpTimeoutException} for a timeout).
 *
 * <p>A submit that ends so may or may not have created a job: the server may have stored it and lost only the
 * answer. Submitting again with the same {@code Idempotency-Key}
 * ({@link AsyncJobsClient#submit(String, Object, String)}) finds that job instead of creating another.
 */
public final class TransportException extends AsyncJobsClientException {

    private static final long serialVersionUID = 1L;

    /** How many times the request was sent. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param request  the request, as {@code METHOD uri}
     * @param attempts how many times it was sent, at least 1
     * @param cause    the last I/O failure
     * @throws IllegalArgumentException if {@code attempts} is less than 1
     */
    public TransportException(String request, int attempts, Throwable cause) {
        super(request + " got no answer after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (cause == null ? "" : ": " + cause), cause);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
    }

    /**
     * Returns how many times the request was sent.
     *
     * @return at least 1
     */
    public int attempts() {
        return attempts;
    }
}
