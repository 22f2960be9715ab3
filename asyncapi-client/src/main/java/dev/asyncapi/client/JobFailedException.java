package dev.asyncapi.client;

import java.util.Objects;

/**
 * The job ended Failed: its handler threw, timed out, or its output could not be stored. Carries the failure
 * the server recorded: a stable {@link #code()} (e.g. {@code HandlerFailed}, {@code TimedOut}, or the code a
 * handler chose) and a human-readable {@link #failureMessage()}.
 */
public final class JobFailedException extends AsyncJobsClientException {

    private static final long serialVersionUID = 1L;

    /** The id of the job. */
    private final String jobId;
    /** The code the server recorded. */
    private final String code;
    /** The message the server recorded. */
    private final String failureMessage;

    /**
     * Creates the exception from what the server recorded.
     *
     * @param jobId          the job's id
     * @param code           the recorded code
     * @param failureMessage the recorded message
     * @throws NullPointerException if any argument is null
     */
    public JobFailedException(String jobId, String code, String failureMessage) {
        super("Job " + Objects.requireNonNull(jobId, "jobId cannot be null") + " failed: "
                + Objects.requireNonNull(code, "code cannot be null") + ": "
                + Objects.requireNonNull(failureMessage, "failureMessage cannot be null"));
        this.jobId = jobId;
        this.code = code;
        this.failureMessage = failureMessage;
    }

    /**
     * Returns the id of the job.
     *
     * @return the job id
     */
    public String jobId() {
        return jobId;
    }

    /**
     * Returns the code the server recorded.
     *
     * @return the code, e.g. {@code HandlerFailed}
     */
    public String code() {
        return code;
    }

    /**
     * Returns the message the server recorded (not {@link #getMessage()}, which also names the job and code).
     *
     * @return the recorded message
     */
    public String failureMessage() {
        return failureMessage;
    }
}
