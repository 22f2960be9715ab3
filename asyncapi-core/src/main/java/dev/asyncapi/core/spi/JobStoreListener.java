package dev.asyncapi.core.spi;

/**
 * Hears of changes to jobs as a store learns of them, from this process or another: how a store with a
 * change feed (PostgreSQL's {@code LISTEN/NOTIFY}) wakes engines at once instead of at their next sweep or
 * poll. Registered with {@link JobStore#listen(JobStoreListener)}.
 *
 * <p>A hint, never a guarantee: a store may drop, repeat or coalesce notifications, and the engine's sweep
 * and polls stay the safety net. Calls may come on a store's thread, concurrently: implementations must be
 * thread-safe, quick, and must not call the store.
 */
public interface JobStoreListener {

    /**
     * Work of a type may have become due: a job was created, released or scheduled for a retry.
     *
     * @param type the job type
     */
    void workDue(String type);

    /**
     * A job was written (any status, progress or lease change) or deleted.
     *
     * @param jobId the job's id
     */
    void jobChanged(String jobId);

    /**
     * The feed was interrupted (its connection lost, then restored) and changes made meanwhile were not
     * heard: look at everything again, as a sweep and a poll would. Default: nothing.
     */
    default void changesMissed() {
    }
}
