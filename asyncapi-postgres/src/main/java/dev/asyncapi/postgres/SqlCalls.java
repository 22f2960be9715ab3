package dev.asyncapi.postgres;

import dev.asyncapi.core.JobStoreUnavailableException;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the store's statements with its error policy. Each call takes a connection from the data source, runs
 * one unit of work on it (committing if the pool hands out connections without auto-commit) and gives it back.
 * Connection failures, timeouts, a server shutting down or starting, too many connections, serialization
 * failures and deadlocks are retried with exponential backoff and jitter, then surface as
 * {@link JobStoreUnavailableException}; every other SQL error surfaces at once as {@link PostgresStoreException}.
 */
final class SqlCalls {

    private static final System.Logger LOG = System.getLogger(PostgresJobStore.class.getName());

    /** SQLSTATEs worth another attempt, besides class 08 (connection exception). */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "53000", // insufficient_resources
            "53300", // too_many_connections
            "55P03", // lock_not_available
            "57014", // query_canceled: the statement timeout
            "57P01", // admin_shutdown: the server is stopping, or the backend was terminated
            "57P02", // crash_shutdown
            "57P03"  // cannot_connect_now: the server is starting
    );

    /** One unit of work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @param c       the connection
         * @param retried whether an earlier attempt of this call failed in a way that may have left its write done
         */
        T run(Connection c, boolean retried) throws SQLException;
    }

    private final DataSource dataSource;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int queryTimeoutSeconds;

    SqlCalls(DataSource dataSource, int maxAttempts, Duration baseDelay, Duration maxDelay, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        // JDBC counts query timeouts in whole seconds
        this.queryTimeoutSeconds = (int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000);
    }

    int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    <T extends Statement> T timed(T statement) throws SQLException {
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    <T> T run(String what, Work<T> work) {
        boolean retried = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work, retried);
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw failure(what, e);
                }
                if (attempt >= maxAttempts) {
                    throw new JobStoreUnavailableException("PostgreSQL did not " + what + " after " + attempt
                            + " attempt" + (attempt == 1 ? "" : "s") + ": " + describe(e), e);
                }
                Duration delay = backoff(attempt);
                LOG.log(Level.DEBUG, "could not {0} ({1}); attempt {2} of {3} in {4} ms", what, describe(e),
                        attempt + 1, maxAttempts, delay.toMillis());
                pause(delay, "retrying to " + what);
                retried = true;
            }
        }
    }

    private <T> T once(Work<T> work, boolean retried) throws SQLException {
        Connection c = dataSource.getConnection();
        T result;
        try {
            boolean autoCommit = c.getAutoCommit();
            try {
                result = work.run(c, retried);
                if (!autoCommit) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // the work is done and committed; a pool that fails to take its connection back is not our failure
            LOG.log(Level.DEBUG, "closing a connection failed after its work was done", e);
        }
        return result;
    }

    /** Statements that must commit together. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on {@code c}: commits if it returns, rolls back if it throws, and leaves
     * the connection's auto-commit as it found it.
     */
    static <T> T inTransaction(Connection c, TransactionWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Undoes a failed statement's transaction so that the connection can run the next statement of a unit. */
    static void rollbackIfManual(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    /**
     * Waits between two attempts; the store's one way to wait.
     *
     * @throws JobStoreUnavailableException if interrupted (the interrupt flag is restored)
     */
    static void pause(Duration delay, String waitingTo) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new JobStoreUnavailableException("interrupted while " + waitingTo, ie);
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static PostgresStoreException failure(String what, SQLException e) {
        String state = e.getSQLState();
        String hint = "";
        if ("42P01".equals(state) || "3F000".equals(state) || "42883".equals(state)) {
            hint = "; the store's tables are missing: build the store with createSchema(true), or apply its migrations"
                    + " (db/asyncapi/postgres/*.sql in the jar, see docs/postgres.md)";
        } else if ("42501".equals(state)) {
            hint = "; grant the database user the privileges listed in docs/postgres.md";
        } else if (state != null && state.startsWith("28")) {
            hint = "; check the user name and password of the data source";
        }
        return new PostgresStoreException("PostgreSQL refused to " + what + ": " + e.getMessage()
                + (state == null ? "" : " (SQLSTATE " + state + ")") + hint, e);
    }

    static String describe(SQLException e) {
        String state = e.getSQLState();
        return (state == null ? "" : "SQLSTATE " + state + " ") + e.getMessage();
    }
}
