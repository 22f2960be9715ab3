package dev.asyncapi.postgres;

import javax.sql.DataSource;
import java.lang.System.Logger.Level;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Announces the store's writes on the change-feed channel, after they commit and outside their transactions.
 *
 * <p>A transaction that notifies holds a database-wide lock from its commit's start until its commit record is
 * flushed, so notifying inside each job write would put every writer of the database in one line behind the WAL
 * flush. Here a write only queues its announcement; one daemon thread sends what is queued in a transaction of its
 * own that notifies every payload at once (identical payloads once) and commits with
 * {@code synchronous_commit = off}: it holds that lock for microseconds, waits for no flush, and under load
 * announces many writes with one transaction, which each listening connection also processes once.
 *
 * <p>An announcement is a hint, never the record: one that cannot be sent (the database unreachable, the store
 * closing) is dropped and logged, and the engines' sweeps and polls find the work anyway. Notifications are
 * never durable in PostgreSQL either.
 */
final class Notifier {

    private static final System.Logger LOG = System.getLogger(PostgresJobStore.class.getName());
    /** The most payloads one transaction announces. */
    static final int MAX_BATCH = 1_000;
    /**
     * The least time between two announcing transactions: an announcement queued sooner after the last one waits
     * for the rest of it, so that under load one transaction (and one wake of each listening connection) carries
     * the announcements of many writes. An announcement on a quiet store goes at once.
     */
    static final Duration MIN_GAP = Duration.ofMillis(5);
    private static final int MAX_TYPE_LENGTH = 7_000;
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(2);
    private static final Object STOP = new Object();

    private final DataSource dataSource;
    private final String channel;
    private final int queryTimeoutSeconds;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private Thread thread;
    private boolean closed;
    /** Batches sent and payloads announced, for tests and benchmarks; written by the one sending thread. */
    private volatile long batches;
    private volatile long announced;
    private volatile long sentUpTo;
    private long queued;
    private boolean failing;

    Notifier(DataSource dataSource, String channel, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /**
     * A job of {@code type} was created due at once: wakes engines that run the type. The payload names no job
     * (nobody follows a job before it exists), so the creates of one batch announce each type once.
     */
    void created(String type) {
        // a notification's payload holds at most 8000 bytes; a longer type is left to the sweep
        if (type.length() <= MAX_TYPE_LENGTH) {
            offer(" " + type);
        }
    }

    /** Work of {@code type} is due again at once (a release, a retry): wakes engines that run it, and its awaits. */
    void workDue(String id, String type) {
        offer(type.length() <= MAX_TYPE_LENGTH ? id + " " + type : id);
    }

    /** The job ended or was deleted: wakes its awaits and streams. */
    void jobChanged(String id) {
        offer(id);
    }

    private void offer(String payload) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            queued++;
            queue.add(payload);
            if (thread == null) {
                thread = new Thread(this::sendLoop, "asyncapi-postgres-notifier");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /**
     * Waits until everything queued before this call was sent or dropped; for tests that need the order of
     * announcements to follow the order of writes.
     *
     * @return {@code false} if that took longer than {@code timeout}
     */
    boolean awaitSent(Duration timeout) throws InterruptedException {
        long target;
        synchronized (lifecycle) {
            target = queued;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (sentUpTo < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    long batchesSent() {
        return batches;
    }

    long payloadsAnnounced() {
        return announced;
    }

    /** Sends what is queued (waiting up to 2 s for it), then stops the thread. Idempotent. */
    void close() {
        Thread stopping;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = thread;
            queue.add(STOP);
        }
        if (stopping != null) {
            try {
                stopping.join(CLOSE_FLUSH.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopping.interrupt();
        }
    }

    private void sendLoop() {
        List<Object> taken = new ArrayList<>();
        long lastSent = System.nanoTime() - MIN_GAP.toNanos();
        while (true) {
            taken.clear();
            try {
                taken.add(queue.take());
                long wait = MIN_GAP.toNanos() - (System.nanoTime() - lastSent);
                if (wait > 0 && taken.get(0) != STOP) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            } catch (InterruptedException e) {
                if (taken.isEmpty()) {
                    return;
                }
                // closing: send what was taken, then the next take ends the loop
                Thread.currentThread().interrupt();
            }
            queue.drainTo(taken, MAX_BATCH - 1);
            Set<String> payloads = new LinkedHashSet<>();
            boolean stop = false;
            for (Object item : taken) {
                if (item == STOP) {
                    stop = true;
                } else {
                    payloads.add((String) item);
                }
            }
            if (!payloads.isEmpty()) {
                send(payloads);
                lastSent = System.nanoTime();
            }
            long done = taken.size() - (stop ? 1 : 0);
            synchronized (this) {
                sentUpTo += done;
                notifyAll();
            }
            if (stop) {
                return;
            }
        }
    }

    private void send(Set<String> payloads) {
        try (Connection c = dataSource.getConnection()) {
            // one statement in a transaction of its own: one round trip with auto-commit (the pool's default), which
            // the setting covers as it covers any transaction; committed here if the pool hands out manual commit.
            // The commit waits for no WAL flush: nothing is lost that the sweep would not find
            boolean autoCommit = c.getAutoCommit();
            try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_notify(?, p))"
                    + " FROM (SELECT set_config('synchronous_commit', 'off', true)) s, unnest(?::text[]) p")) {
                ps.setQueryTimeout(queryTimeoutSeconds);
                Array array = c.createArrayOf("text", payloads.toArray(new String[0]));
                ps.setString(1, channel);
                ps.setArray(2, array);
                ps.executeQuery().close();
                array.free();
                if (!autoCommit) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    c.rollback();
                }
                throw e;
            }
            batches++;
            announced += payloads.size();
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "announcing job changes works again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.INFO, () -> "could not announce " + payloads.size() + " job change(s) on channel "
                        + channel + " (" + SqlCalls.describe(asSql(e)) + "); other instances find the work at their"
                        + " next sweep", e);
            }
        }
    }

    private static SQLException asSql(Exception e) {
        return e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
    }
}
