package dev.asyncapi.azure.tables.azurite;

/**
 * Azurite could not be installed or started: Node.js/npm missing, the npm install failed, or the service did
 * not report that it started in time. The message says which and what to do.
 */
public final class AzuriteUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do
     */
    public AzuriteUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public AzuriteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
