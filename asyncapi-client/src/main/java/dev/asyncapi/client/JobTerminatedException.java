package dev.asyncapi.client;

import java.util.Objects;

/**
 * The job ended Terminated (in the Azure profile: Canceled): someone asked for its termination, this client
 * or another. Carries the {@link #code()} and {@link #failureMessage()} the server recorded.
 */
public final class JobTerminatedException extends AsyncJobsClientException {

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
    public JobTerminatedException(String jobId, String code, String failureMessage) {
        super("Job " + Objects.requireNonNull(jobId, "jobId cannot be null") + " was terminated: "
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
     * @return the code, e.g. {@code Terminated}
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
