package dev.asyncapi.postgres;

import dev.asyncapi.core.AsyncJobException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL answered a statement of {@link PostgresJobStore} with an error that retrying cannot fix: a missing
 * table or schema, a refused password or privilege, a constraint or a value the database rejects. The message
 * names the operation and the SQLSTATE; the driver's {@link SQLException} is the cause.
 *
 * <p>Transient trouble (a lost connection, a timeout, a server shutting down) is not reported this way: the
 * store retries it and then throws {@link dev.asyncapi.core.JobStoreUnavailableException}.
 */
public class PostgresStoreException extends AsyncJobException {

    private static final long serialVersionUID = 1L;

    /** The SQLSTATE of the cause, or null if the driver gave none. */
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param message what the store was doing and what went wrong
     * @param cause   the driver's exception
     */
    public PostgresStoreException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    /**
     * Returns the five-character SQLSTATE of the database's answer, e.g. {@code 42P01} for a missing table.
     *
     * @return the SQLSTATE, or empty if the driver reported none
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
