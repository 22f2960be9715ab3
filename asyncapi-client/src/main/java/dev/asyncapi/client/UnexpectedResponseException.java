package dev.asyncapi.client;

/**
 * An answer the contract does not allow for this request: a success without the expected header or JSON body,
 * a status the client does not know, an event stream that broke its format, or a result that does not bind to
 * the requested class. Retrying does not help; the server, a proxy in front of it, the chosen
 * {@link ApiProfile} or the result class does not match. The cause, if any, is the parsing or binding failure.
 */
public final class UnexpectedResponseException extends AsyncJobsClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what came
     * @param cause   the parsing or binding failure, or null
     */
    public UnexpectedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
