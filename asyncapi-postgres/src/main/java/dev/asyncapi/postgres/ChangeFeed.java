package dev.asyncapi.postgres;

import dev.asyncapi.core.spi.JobStoreListener;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's change feed: one dedicated connection that {@code LISTEN}s on the jobs table's channel, and one
 * daemon thread that waits on it and tells the subscribed listeners what the stores' {@link Notifier}s announced.
 *
 * <p>The connection is checked with {@code SELECT 1} every check interval (under a network timeout of the same
 * length), so a silently dead connection is found as surely as a closed one. A lost connection is reopened with
 * backoff from {@value #MIN_RECONNECT_MILLIS} ms to {@value #MAX_RECONNECT_MILLIS} ms; notifications sent while
 * it was lost are gone, which the engine's sweep and polls cover. The thread runs while there is a subscriber; it
 * notices a stop within {@value #STOP_CHECK_MILLIS} ms and gives its connection back with {@code UNLISTEN *},
 * never aborted, so a pool takes it back without complaint.
 */
final class ChangeFeed {

    private static final System.Logger LOG = System.getLogger(PostgresJobStore.class.getName());
    static final long MIN_RECONNECT_MILLIS = 100;
    static final long MAX_RECONNECT_MILLIS = 5_000;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest the thread waits for notifications before it checks whether it was stopped: stopping never aborts
     * the connection (a pool would log it as broken), so closing waits up to this long.
     */
    static final int STOP_CHECK_MILLIS = 250;

    private final DataSource dataSource;
    private final String channel;
    private final Duration checkInterval;
    private final List<JobStoreListener> listeners = new CopyOnWriteArrayList<>();
    /** Guards the listener thread's start and stop. */
    private final Object lifecycle = new Object();
    private Listening current;
    private boolean closed;
    /** How many times a connection started listening; for tests of reconnection. */
    private final AtomicInteger connections = new AtomicInteger();

    ChangeFeed(DataSource dataSource, String channel, Duration checkInterval) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.checkInterval = checkInterval;
    }

    AutoCloseable subscribe(JobStoreListener listener) {
        Objects.requireNonNull(listener, "listener cannot be null");
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the store is closed");
            }
            listeners.add(listener);
            if (current == null) {
                current = new Listening();
                current.thread.start();
            }
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                unsubscribe(listener);
            }
        };
    }

    private void unsubscribe(JobStoreListener listener) {
        Listening stopping = null;
        synchronized (lifecycle) {
            listeners.remove(listener);
            if (listeners.isEmpty() && current != null) {
                stopping = current;
                current = null;
            }
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    void close() {
        Listening stopping;
        synchronized (lifecycle) {
            closed = true;
            listeners.clear();
            stopping = current;
            current = null;
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    int connectionsOpened() {
        return connections.get();
    }

    boolean isRunning() {
        synchronized (lifecycle) {
            return current != null && current.thread.isAlive();
        }
    }

    /**
     * Tells every listener what one notification says: {@code <id>} for a job that ended or was deleted,
     * {@code <id> <type>} for a job due again, and {@code " <type>"} (no id) for jobs created due.
     */
    private void dispatch(String payload) {
        if (payload.startsWith(" ")) {
            // work created due: the type alone
            String created = payload.substring(1);
            for (JobStoreListener listener : listeners) {
                try {
                    listener.workDue(created);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a job store listener failed on new work of type " + created, e);
                }
            }
            return;
        }
        int space = payload.indexOf(' ');
        String id = space < 0 ? payload : payload.substring(0, space);
        String type = space < 0 ? null : payload.substring(space + 1);
        for (JobStoreListener listener : listeners) {
            try {
                if (type != null) {
                    listener.workDue(type);
                }
                listener.jobChanged(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a job store listener failed on a change of job " + id, e);
            }
        }
    }

    /** Tells every listener that changes made before the feed listened (again) went unheard. */
    private void missed() {
        for (JobStoreListener listener : listeners) {
            try {
                listener.changesMissed();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a job store listener failed on resuming the change feed", e);
            }
        }
    }

    /** One run of the listening thread, from a subscription to the stop. */
    private final class Listening implements Runnable {
        final Thread thread;
        private volatile boolean stopped;

        Listening() {
            thread = new Thread(this, "asyncapi-postgres-listen-" + channel);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long delay = MIN_RECONNECT_MILLIS;
            boolean lost = false;
            while (!stopped) {
                Connection c = null;
                try {
                    c = dataSource.getConnection();
                    if (stopped) {
                        break;
                    }
                    listen(c);
                    connections.incrementAndGet();
                    LOG.log(lost ? Level.INFO : Level.DEBUG, "listening for job changes on channel {0}{1}", channel,
                            lost ? " again" : "");
                    // whoever subscribed before this LISTEN took effect (at start, or while the connection was down)
                    // may have missed changes: an engine that starts following a job starts the feed then
                    missed();
                    lost = false;
                    delay = MIN_RECONNECT_MILLIS;
                    receive(c);
                } catch (SQLException | RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    // the first failure is worth a warning; the attempts that follow are not
                    LOG.log(lost ? Level.DEBUG : Level.WARNING, "the job store's change feed lost its connection ("
                            + e.getMessage() + "); reconnecting in " + delay + " ms, engines sweep meanwhile");
                    lost = true;
                    waitBeforeReconnect(delay);
                    delay = Math.min(MAX_RECONNECT_MILLIS, delay * 2);
                } finally {
                    release(c);
                }
            }
        }

        private void listen(Connection c) throws SQLException {
            if (!c.getAutoCommit()) {
                // LISTEN takes effect at commit: the dedicated connection runs in auto-commit
                c.setAutoCommit(true);
            }
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, checkInterval.toMillis()));
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN \"" + channel + "\"");
            }
        }

        private void receive(Connection c) throws SQLException {
            PGConnection pg = c.unwrap(PGConnection.class);
            long checkNanos = checkInterval.toNanos();
            long lastCheck = System.nanoTime();
            while (!stopped) {
                long untilCheck = checkNanos - (System.nanoTime() - lastCheck);
                if (untilCheck <= 0) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    lastCheck = System.nanoTime();
                    continue;
                }
                // returns as soon as a notification arrives; 0 would mean "wait forever"
                int waitMillis = (int) Math.max(1, Math.min(STOP_CHECK_MILLIS, untilCheck / 1_000_000));
                PGNotification[] notifications = pg.getNotifications(waitMillis);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        if (!stopped) {
                            dispatch(n.getParameter());
                        }
                    }
                }
            }
        }

        private void release(Connection c) {
            if (c == null) {
                return;
            }
            try {
                if (!c.isClosed()) {
                    try (Statement s = c.createStatement()) {
                        // a pooled connection goes back without a subscription
                        s.execute("UNLISTEN *");
                    }
                }
            } catch (SQLException ignored) {
                // broken anyway: closing it is all that is left
            }
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing the change feed's connection failed", e);
            }
        }

        private synchronized void waitBeforeReconnect(long millis) {
            long end = System.nanoTime() + millis * 1_000_000;
            long left;
            while (!stopped && (left = end - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    // stop() interrupts; the loop re-checks stopped
                }
            }
        }

        void stop() {
            stopped = true;
            synchronized (this) {
                notifyAll();
            }
            // a wait for notifications ends within STOP_CHECK_MILLIS and sees the flag; the interrupt ends a wait to
            // reconnect at once. The connection is never aborted, so a pool takes it back healthy.
            thread.interrupt();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(JOIN_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
