package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobWatch;
import dev.asyncapi.core.JobWatcher;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One watch of one job: a mailbox of one snapshot in front of the watcher. Whoever offers a snapshot
 * replaces the undelivered one (so a busy watcher skips intermediate snapshots, never the last), and at
 * most one thread delivers at a time, so callbacks never overlap and arrive in order. A snapshot this
 * engine wrote is delivered on the I/O executor, so a slow watcher never holds a run's lock; one the
 * poll read is delivered on the poll's thread. Holds no thread and no timer.
 *
 * <p>A snapshot is delivered only if it is newer than the last one delivered: another version, not
 * older by its update time, and nothing after a terminal snapshot. Versions are opaque, so the update
 * time orders a store read racing a local write.
 */
final class Watch implements JobWatch, Followers.Follower {

    private static final System.Logger LOG = System.getLogger(Watch.class.getName());

    private final String id;
    private final JobWatcher watcher;
    private final Executor io;
    private final Consumer<Watch> unregister;

    // guarded by this
    private Job pending;
    private boolean started;
    private boolean delivering;
    private boolean endRequested;
    private boolean closed;

    /** The last snapshot delivered; only the delivering thread touches it, handed over under {@code this}. */
    private Job last;

    Watch(String id, JobWatcher watcher, Executor io, Consumer<Watch> unregister) {
        this.id = id;
        this.watcher = watcher;
        this.io = io;
        this.unregister = unregister;
    }

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = null;
        }
        unregister.accept(this);
    }

    /** Delivers the first snapshot, read once from the store, on the calling thread; then whatever came meanwhile. */
    void start(Job first) {
        synchronized (this) {
            started = true;
            if (closed || delivering) {
                return;
            }
            delivering = true;
        }
        deliver(first);
        drain();
    }

    @Override
    public void written(Job job) {
        if (offer(job)) {
            try {
                io.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the engine is closing: deliver on this thread rather than lose the snapshot
                drain();
            }
        }
    }

    @Override
    public void polled(Optional<Job> job) {
        if (job.isEmpty()) {
            // deleted or purged
            release();
        } else if (offer(job.get())) {
            drain();
        }
    }

    /** Ends the watch by itself (job deleted, engine closing) after what is already offered. */
    @Override
    public void release() {
        synchronized (this) {
            if (closed) {
                return;
            }
            endRequested = true;
            if (!started || delivering) {
                return;
            }
            delivering = true;
        }
        drain();
    }

    /** @return whether the caller must deliver: nobody else is, and the first snapshot is out */
    private boolean offer(Job job) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (pending == null || isNewer(job, pending)) {
                pending = job;
            }
            if (!started || delivering) {
                return false;
            }
            delivering = true;
            return true;
        }
    }

    /** Delivers pending snapshots until none is left; the caller set {@code delivering}. */
    private void drain() {
        while (true) {
            Job next;
            synchronized (this) {
                if (closed) {
                    delivering = false;
                    return;
                }
                next = pending;
                pending = null;
                if (next == null) {
                    delivering = false;
                    if (!endRequested) {
                        return;
                    }
                    closed = true;
                }
            }
            if (next == null) {
                unregister.accept(this);
                ended();
                return;
            }
            deliver(next);
        }
    }

    private void deliver(Job job) {
        if (!isNewer(job, last)) {
            return;
        }
        last = job;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (job.status().isTerminal()) {
                endRequested = true;
            }
        }
        try {
            watcher.onSnapshot(job);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, () -> "a watcher of job " + id + " threw; closing its watch", e);
            close();
        }
    }

    private void ended() {
        try {
            watcher.onEnded();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, () -> "a watcher of job " + id + " threw when its watch ended", e);
        }
    }

    private static boolean isNewer(Job candidate, Job than) {
        if (than == null) {
            return true;
        }
        if (than.status().isTerminal() || candidate.version().equals(than.version())) {
            return false;
        }
        return candidate.status().isTerminal() || !candidate.updatedAt().isBefore(than.updatedAt());
    }
}
