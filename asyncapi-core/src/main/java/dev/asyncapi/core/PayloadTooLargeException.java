package dev.asyncapi.core;

/**
 * A job is larger than its store can hold; nothing was written. A store throws it from
 * {@link dev.asyncapi.core.spi.JobStore#create} when a new job (its input) is too large, and from
 * {@link dev.asyncapi.core.spi.JobStore#update} when an updated snapshot (the input with the progress, output or
 * failure message written so far) is too large.
 *
 * <p>A caller meets it at submit: {@link AsyncJobs#submit} throws it and nothing is stored; the HTTP layer answers
 * {@code 413}. Everywhere else the engine handles it, so that a job still ends once and is never run twice for it;
 * each case is logged at {@code WARNING} with the job's id, type and the size in characters, never the content:
 * <ul>
 *   <li>A <b>progress report</b> too large to store is dropped; the lease renewal it rode with is written
 *       without it, and the handler runs on. The job keeps the last progress that fit.</li>
 *   <li>A <b>Completed outcome</b> whose output is too large is recorded as Failed with the code
 *       {@link JobFailure#OUTPUT_TOO_LARGE} instead.</li>
 *   <li>A <b>failure message</b> (a {@link JobFailedException}'s) or a <b>terminate reason</b> too large to store
 *       is recorded cut to 1,000 characters, the last of them {@code "... [truncated: N characters in all]"};
 *       if even that does not fit, as {@code "[the message of N characters was too large to store]"} (for a
 *       reason: {@code "[the reason of ...]"}). The code stays as it was.</li>
 * </ul>
 * Only a job at its store's limit before anything is added (its input and last progress alone fill it) can still
 * refuse its outcome: then {@link AsyncJobs#terminate} throws this exception, the job is not terminated and its
 * run goes on; a run's own outcome is not recorded, and the job runs again once its lease expires.
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
