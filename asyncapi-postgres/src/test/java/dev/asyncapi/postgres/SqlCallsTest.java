package dev.asyncapi.postgres;

import dev.asyncapi.core.JobStoreUnavailableException;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which SQL errors are retried, how often, and what surfaces. */
class SqlCallsTest {

    private final AtomicInteger connections = new AtomicInteger();

    /** A data source whose every getConnection throws {@code failure}. */
    private DataSource failing(SQLException failure) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                        throw failure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private SqlCalls calls(DataSource ds) {
        return new SqlCalls(ds, 3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(30));
    }

    @Test
    void aRefusedConnectionIsRetriedThenUnavailable() {
        SqlCalls calls = calls(failing(new SQLException("Connection to 127.0.0.1:1 refused", "08001")));

        assertThatThrownBy(() -> calls.run("read job x", (c, retried) -> null))
                .isInstanceOf(JobStoreUnavailableException.class)
                .hasMessageContaining("did not read job x after 3 attempts").hasMessageContaining("08001");
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void aPoolTimeoutIsTransient() {
        SqlCalls calls = calls(failing(new SQLTransientConnectionException("pool timed out")));

        assertThatThrownBy(() -> calls.run("find due jobs", (c, retried) -> null))
                .isInstanceOf(JobStoreUnavailableException.class);
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void aMissingTableSurfacesAtOnceWithItsFix() {
        SqlCalls calls = calls(failing(new SQLException("relation \"x\" does not exist", "42P01")));

        assertThatThrownBy(() -> calls.run("read job x", (c, retried) -> null))
                .isInstanceOfSatisfying(PostgresStoreException.class, e -> assertThat(e.sqlState()).contains("42P01"))
                .hasMessageContaining("createSchema(true)");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aWrongPasswordSurfacesAtOnce() {
        SqlCalls calls = calls(failing(new SQLException("password authentication failed", "28P01")));

        assertThatThrownBy(() -> calls.run("read job x", (c, retried) -> null))
                .isInstanceOf(PostgresStoreException.class).hasMessageContaining("password");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void classifiesTransientStates() {
        for (String state : new String[] {"08006", "08003", "40001", "40P01", "57P01", "57P03", "53300", "57014"}) {
            assertThat(SqlCalls.isTransient(new SQLException("x", state))).as(state).isTrue();
        }
        for (String state : new String[] {"42P01", "42501", "23505", "22001", "28P01", "3F000"}) {
            assertThat(SqlCalls.isTransient(new SQLException("x", state))).as(state).isFalse();
        }
        assertThat(SqlCalls.isTransient(new SQLException("no state", (String) null, new EOFException()))).isTrue();
        assertThat(SqlCalls.isTransient(new SQLException("no state"))).isFalse();
    }
}
