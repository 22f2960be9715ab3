package dev.asyncapi.core;

/**
 * What a running {@link JobHandler} knows of its job and how it talks back.
 *
 * <p>Thread-safe: a handler may report progress from threads it starts.
 */
public interface JobContext {

    /**
     * Returns the job id.
     *
     * @return the id
     */
    String jobId();

    /**
     * Returns the job type.
     *
     * @return the type
     */
    String jobType();

    /**
     * Returns the attempt number of this run.
     *
     * @return 1 for the first run, higher on retries and takeovers
     */
    int attempt();

    /**
     * Reports progress, which status reads show while the job runs. The value is written as JSON with
     * the engine's {@code ObjectMapper}. Writes to the store are coalesced: a report is written at once
     * when the last progress write is at least {@code progressInterval} old (see
     * {@link AsyncJobs.Builder#progressInterval}); otherwise only the latest report is kept and written
     * once the interval has passed, or sooner with the next lease renewal. A report the store refuses as too
     * large is dropped and logged (see {@link PayloadTooLargeException}); the handler is not failed for it.
     *
     * @param progress a value Jackson can serialize; not null
     * @throws NullPointerException     if {@code progress} is null
     * @throws IllegalArgumentException if it cannot be serialized
     */
    void reportProgress(Object progress);

    /**
     * Tells whether the job was terminated or timed out, so a handler can stop early. The handler's
     * thread is interrupted too.
     *
     * @return {@code true} once termination was requested
     */
    boolean isTerminationRequested();
}
