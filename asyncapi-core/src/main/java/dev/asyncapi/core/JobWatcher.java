package dev.asyncapi.core;

/**
 * Receives the snapshots of a job watched with {@link AsyncJobs#watch(String, JobWatcher)}.
 *
 * <p>Callbacks of one watch never run concurrently and arrive in order: each snapshot is newer than
 * the one before. Intermediate snapshots may be skipped when they come faster than the watcher takes
 * them; the terminal snapshot never is. Callbacks run on the engine's threads (its I/O threads, the
 * thread that recorded a change, the thread calling {@code watch} or closing the engine): keep them
 * short and never block in them; hand slow work, such as writing to a slow network peer, to your own
 * executor or to non-blocking I/O. A callback that throws is logged and its watch is closed.
 */
@FunctionalInterface
public interface JobWatcher {

    /**
     * Receives a snapshot of the watched job: first the current one, then each newer one. After a
     * terminal snapshot (Completed, Failed or Terminated) no other follows.
     *
     * @param job the snapshot; never null
     */
    void onSnapshot(Job job);

    /**
     * Called exactly once when the watch ends by itself: after the terminal snapshot was delivered,
     * when the job was deleted or purged, or when the engine closes. Not called after the caller's
     * own {@link JobWatch#close()}, nor after a callback of this watcher threw. The default does
     * nothing.
     */
    default void onEnded() {
    }
}
