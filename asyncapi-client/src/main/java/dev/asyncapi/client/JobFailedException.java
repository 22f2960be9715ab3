package dev.asyncapi.client;

/**
 * The job ended Failed: its handler threw, timed out, or its output could not be stored. Carries the failure
 * the server recorded: a stable {@link #code()} (e.g. {@code HandlerFailed}, {@code TimedOut}, or the code a
 * handler chose) and a human-readable {@link #failureMessage()}.
 */
public final class JobFailedException extends JobEndedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from what the server recorded.
     *
     * @param jobId          the job's id
     * @param code           the recorded code
     * @param failureMessage the recorded message
     * @throws NullPointerException if any argument is null
     */
    public JobFailedException(String jobId, String code, String failureMessage) {
        super(jobId, "failed", code, failureMessage);
    }
}
