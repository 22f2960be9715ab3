package dev.asyncapi.postgres;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * A data source that records every statement executed through it and every connection taken, and can lose the
 * answer of the next statement matching a predicate: it runs the statement, then throws the connection failure a
 * dropped connection would (SQLSTATE 08006), as when the network fails after the server committed.
 */
final class RecordingDataSource implements DataSource {

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
            "executeLargeBatch");

    private final DataSource delegate;
    final List<String> statements = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private volatile Predicate<String> loseAnswerOf;
    private final AtomicReference<Hold> holdNext = new AtomicReference<>();

    /** The next connection taken by a thread {@code who} accepts waits for {@code release}. */
    private record Hold(CountDownLatch release, Predicate<Thread> who) {
    }

    RecordingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The statements executed so far whose SQL starts with {@code keyword}, e.g. {@code "DELETE"}. */
    long count(String keyword) {
        return statements.stream().filter(s -> s.startsWith(keyword)).count();
    }

    void reset() {
        statements.clear();
        connections.set(0);
    }

    /** The next statement whose SQL matches runs, and then its answer is lost. */
    void loseTheAnswerOfTheNext(Predicate<String> sql) {
        this.loseAnswerOf = sql;
    }

    /**
     * The next {@link #getConnection()} waits until the returned latch is counted down: a store call then holds
     * its place while the test lines up others behind it.
     */
    CountDownLatch holdTheNextConnection() {
        return holdTheNextConnectionOf(thread -> true);
    }

    /** As {@link #holdTheNextConnection()}, for the next connection that a thread whose name starts so takes. */
    CountDownLatch holdTheNextConnectionOf(String threadNamePrefix) {
        return holdTheNextConnectionOf(thread -> thread.getName().startsWith(threadNamePrefix));
    }

    private CountDownLatch holdTheNextConnectionOf(Predicate<Thread> who) {
        CountDownLatch release = new CountDownLatch(1);
        holdNext.set(new Hold(release, who));
        return release;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Hold hold = holdNext.get();
        if (hold != null && hold.who().test(Thread.currentThread()) && holdNext.compareAndSet(hold, null)) {
            try {
                if (!hold.release().await(30, TimeUnit.SECONDS)) {
                    throw new SQLException("the test never released the held connection", "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while held", "08001", e);
            }
        }
        connections.incrementAndGet();
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        connections.incrementAndGet();
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (method.getName().equals("prepareStatement")) {
                return statement((Statement) result, (String) args[0], PreparedStatement.class);
            }
            if (method.getName().equals("createStatement")) {
                return statement((Statement) result, null, Statement.class);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private <T extends Statement> T statement(Statement real, String preparedSql, Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!EXECUTE.contains(method.getName())) {
                return invoke(real, method, args);
            }
            String sql = preparedSql != null ? preparedSql : (String) args[0];
            statements.add(sql.strip());
            Object result = invoke(real, method, args);
            Predicate<String> lose = loseAnswerOf;
            if (lose != null && lose.test(sql)) {
                loseAnswerOf = null;
                throw new SQLException("the connection dropped before the answer arrived (test)", "08006");
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
