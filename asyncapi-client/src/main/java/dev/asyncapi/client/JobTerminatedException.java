package dev.asyncapi.client;

/**
 * The job ended Terminated (in the Azure profile: Canceled): someone asked for its termination, this client
 * or another. Carries the {@link #code()} and {@link #failureMessage()} the server recorded.
 */
public final class JobTerminatedException extends JobEndedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from what the server recorded.
     *
     * @param jobId          the job's id
     * @param code           the recorded code
     * @param failureMessage the recorded message
     * @throws NullPointerException if any argument is null
     */
    public JobTerminatedException(String jobId, String code, String failureMessage) {
        super(jobId, "was terminated", code, failureMessage);
    }
}
