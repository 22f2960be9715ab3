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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Announces the store's writes on the change-feed channel: mostly after they commit and outside their transactions,
 * and on a quiet store within a create's own statement.
 *
 * <p>A transaction that notifies holds a database-wide lock from its commit's start until its commit record is
 * flushed, so notifying inside each job write would put every writer of the database in one line behind the WAL
 * flush. Here a write mostly only queues its announcement; one daemon thread sends what is queued in a transaction
 * of its own that notifies every payload at once (identical payloads once) and commits with
 * {@code synchronous_commit = off}: it holds that lock for microseconds, waits for no flush, and under load
 * announces many writes with one transaction, which each listening connection also processes once.
 *
 * <p>The exception is a create on a quiet store ({@link #announceWithWrite}): nothing is waiting to be sent and the
 * last announcement is at least {@link #MIN_GAP} old. Its {@code INSERT} then notifies itself, so the wake leaves
 * with the create's commit instead of one thread hand-off and one round trip later, and that commit holds the lock
 * across its flush: at most once per {@link #MIN_GAP}, which keeps the line short under load.
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
     * The least time between two announcing transactions, by default: an announcement queued sooner after the last
     * one waits for the rest of it, so that under load one transaction (and one wake of each listening connection)
     * carries the announcements of many writes. An announcement on a quiet store goes at once.
     */
    static final Duration MIN_GAP = Duration.ofMillis(5);
    private static final int MAX_TYPE_LENGTH = 7_000;
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(2);
    private static final Object STOP = new Object();

    private final DataSource dataSource;
    private final String channel;
    private final int queryTimeoutSeconds;
    private final long gapNanos;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private Thread thread;
    private boolean closed;
    /** Batches sent and payloads announced, for tests and benchmarks; written by the one sending thread. */
    private volatile long batches;
    private volatile long announced;
    private volatile long sentUpTo;
    private long queued;
    /** When the last announcement was sent or granted to a write ({@link System#nanoTime()}); under lifecycle. */
    private long lastAnnouncedAt;
    private volatile long announcedWithWrites;
    private boolean failing;

    /** @param gap the least time between announcing transactions ({@link #MIN_GAP} but in tests) */
    Notifier(DataSource dataSource, String channel, int queryTimeoutSeconds, Duration gap) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.gapNanos = gap.toNanos();
        this.lastAnnouncedAt = System.nanoTime() - gapNanos;
    }

    /**
     * The payload that announces a job of {@code type} created due at once: it wakes engines that run the type. It
     * names no job (nobody follows a job before it exists), so the creates of one batch announce each type once.
     *
     * @return empty if the type is too long for a payload (at most 8000 bytes): the sweep finds the job
     */
    static Optional<String> createdPayload(String type) {
        return type.length() <= MAX_TYPE_LENGTH ? Optional.of(" " + type) : Optional.empty();
    }

    /** The payload that announces that the job ended or was deleted: it wakes the job's awaits and streams. */
    static String changedPayload(String id) {
        return id;
    }

    /** Work of {@code type} is due again at once (a release, a retry): wakes engines that run it, and its awaits. */
    void workDue(String id, String type) {
        announce(type.length() <= MAX_TYPE_LENGTH ? id + " " + type : id);
    }

    /** The job ended or was deleted: wakes its awaits and streams. */
    void jobChanged(String id) {
        announce(changedPayload(id));
    }

    /**
     * Whether a write about to be sent may carry its announcement in its own statement: true when nothing is
     * waiting to be sent and the last announcement is at least the gap ({@link #MIN_GAP}) old. A true answer counts
     * as an announcement made now, so queued ones keep their distance from it.
     */
    boolean announceWithWrite() {
        synchronized (lifecycle) {
            long now = System.nanoTime();
            if (closed || sentUpTo < queued || now - lastAnnouncedAt < gapNanos) {
                return false;
            }
            lastAnnouncedAt = now;
            announcedWithWrites++;
            return true;
        }
    }

    /** Announcements granted to writes by {@link #announceWithWrite}, for tests and benchmarks. */
    long announcedWithWrites() {
        return announcedWithWrites;
    }

    /** Queues {@code payload}, to be sent after the announcements queued before it. */
    void announce(String payload) {
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
        while (true) {
            taken.clear();
            try {
                taken.add(queue.take());
                long wait;
                while (taken.get(0) != STOP && (wait = untilGapEnds()) > 0) {
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
                synchronized (lifecycle) {
                    lastAnnouncedAt = System.nanoTime();
                }
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

    private long untilGapEnds() {
        synchronized (lifecycle) {
            return gapNanos - (System.nanoTime() - lastAnnouncedAt);
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
