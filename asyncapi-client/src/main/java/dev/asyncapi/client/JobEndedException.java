package dev.asyncapi.client;

import java.util.Objects;

/**
 * The job ended without a result: {@link JobFailedException} (Failed) or {@link JobTerminatedException}
 * (Terminated). Carries what the server recorded: the job's id, a stable {@link #code()} and a human-readable
 * {@link #failureMessage()}. Catch this type to handle both alike.
 */
public abstract sealed class JobEndedException extends AsyncJobsClientException
        permits JobFailedException, JobTerminatedException {

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
     * @param ended          how it ended, for the message, e.g. {@code "failed"}
     * @param code           the recorded code
     * @param failureMessage the recorded message
     * @throws NullPointerException if any argument is null
     */
    JobEndedException(String jobId, String ended, String code, String failureMessage) {
        super("Job " + Objects.requireNonNull(jobId, "jobId cannot be null") + " " + ended + ": "
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
     * @return the code, e.g. {@code HandlerFailed} or {@code Terminated}
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
