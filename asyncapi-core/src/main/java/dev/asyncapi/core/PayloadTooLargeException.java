package dev.asyncapi.core;

/**
 * A job is larger than its store can hold; nothing was written. A store throws it from
 * {@link dev.asyncapi.core.spi.JobStore#create} when a new job (its input) is too large, and from
 * {@link dev.asyncapi.core.spi.JobStore#update} when an updated snapshot (the input with the progress, output or
 * failure message written so far) is too large.
 *
 * <p>A caller meets it at submit: {@link AsyncJobs#submit} throws it and nothing is stored; the HTTP layer answers
 * {@code 413}. {@link AsyncJobs#terminate} throws it when the reason, recorded as the failure message, would make
 * the job too large; the job is then not terminated. During a run the engine handles it: a Completed outcome whose
 * output is too large is recorded as a failure with the code {@link JobFailure#OUTPUT_TOO_LARGE} instead; any other
 * write that is too large (a progress report, a failure message) is not recorded and is logged, like any other
 * failed store write.
 */
public class PayloadTooLargeException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the offending value
     */
    public PayloadTooLargeException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened, naming the offending value
     * @param cause   the underlying failure
     */
    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
