package dev.asyncapi.postgres.server;

/**
 * A PostgreSQL server could not be started for tests: the server binaries are missing, {@code initdb} or
 * {@code pg_ctl} failed, or the server did not accept connections in time. The message says which and what to do.
 */
public final class PostgresUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do
     */
    public PostgresUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong and what to do
     * @param cause   the underlying failure
     */
    public PostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
