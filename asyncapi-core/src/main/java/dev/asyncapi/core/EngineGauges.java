package dev.asyncapi.core;

/**
 * A snapshot of one engine's admission state, read with {@link AsyncJobs#gauges()}: how many runs hold a
 * worker slot, how many local submits wait for one, and the configured limits. Immutable; the values were
 * read one after the other without a lock, so under load they may be a few runs apart from each other,
 * never outside their limits.
 *
 * <p>A client-only engine (no handler registered) runs nothing: every value is 0.
 *
 * @param running       runs holding a worker slot of this engine (claiming, or in the handler: a run gives its
 *                      slot to the next job when its handler returns, while it records the outcome); at most
 *                      {@code workers}
 * @param queued        local submits admitted while every slot was busy, waiting for a slot (Pending in the
 *                      store, holding no lease); at most {@code queueCapacity}
 * @param workers       the configured cap of handlers at once ({@link AsyncJobs.Builder#workers(int)})
 * @param queueCapacity the configured cap of waiting submits ({@link AsyncJobs.Builder#queueCapacity(int)})
 */
public record EngineGauges(int running, int queued, int workers, int queueCapacity) {

    /**
     * Validates the snapshot.
     *
     * @param running       runs holding a worker slot
     * @param queued        submits waiting for a slot
     * @param workers       the configured cap of runs at once
     * @param queueCapacity the configured cap of waiting submits
     * @throws IllegalArgumentException if a value is negative
     */
    public EngineGauges {
        if (running < 0 || queued < 0 || workers < 0 || queueCapacity < 0) {
            throw new IllegalArgumentException("gauges cannot be negative, but were running=" + running
                    + ", queued=" + queued + ", workers=" + workers + ", queueCapacity=" + queueCapacity);
        }
    }

    /**
     * Returns the work this engine has accepted and not finished: running plus queued.
     *
     * @return {@code running() + queued()}
     */
    public int admitted() {
        return running + queued;
    }

    /**
     * Returns the most work this engine accepts at once; a submit beyond it is rejected
     * ({@link JobRejectedException}, HTTP 503).
     *
     * @return {@code workers() + queueCapacity()}
     */
    public int capacity() {
        return workers + queueCapacity;
    }

    /**
     * Returns how full the engine is, the figure worth an alert: admitted work over capacity.
     *
     * @return a value from 0 to 1; 0 for a client-only engine
     */
    public double saturation() {
        int capacity = capacity();
        return capacity == 0 ? 0 : (double) admitted() / capacity;
    }
}
