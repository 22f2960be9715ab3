package dev.asyncapi.client;

/**
 * Where a job is in its life. The standard profile's wire names are {@code Pending}, {@code Running},
 * {@code Completed}, {@code Failed} and {@code Terminated}; the Azure profile's {@code NotStarted},
 * {@code Running}, {@code Succeeded}, {@code Failed} and {@code Canceled} map onto the same five.
 */
public enum JobState {
    /** Stored and waiting for a worker, or waiting for a retry. Azure: {@code NotStarted}. */
    PENDING,
    /** A worker is running it. */
    RUNNING,
    /** It finished with a result. Terminal. Azure: {@code Succeeded}. */
    COMPLETED,
    /** It ended with a failure. Terminal. */
    FAILED,
    /** It was terminated on request. Terminal. Azure: {@code Canceled}. */
    TERMINATED;

    /**
     * Returns whether the job can no longer change.
     *
     * @return true for {@link #COMPLETED}, {@link #FAILED} and {@link #TERMINATED}
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == TERMINATED;
    }
}
