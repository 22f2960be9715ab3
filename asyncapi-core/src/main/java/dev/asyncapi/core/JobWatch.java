package dev.asyncapi.core;

/**
 * A watch of one job started with {@link AsyncJobs#watch(String, JobWatcher)}: its watcher receives
 * the job's snapshots until the watch ends by itself or is closed.
 *
 * <p>Thread-safe. A watch holds no thread and no timer.
 */
public interface JobWatch extends AutoCloseable {

    /**
     * Returns the id of the watched job.
     *
     * @return the job id
     */
    String jobId();

    /**
     * Tells whether callbacks may still come: the watch has neither ended by itself nor been closed.
     *
     * @return {@code true} while the watch is open
     */
    boolean isOpen();

    /**
     * Stops the watch: no further snapshot is handed to the watcher and {@link JobWatcher#onEnded()} is
     * not called. Does not wait: a callback already under way on another thread (at most one) still
     * runs to its end. Idempotent; closing an ended watch does nothing.
     */
    @Override
    void close();
}
