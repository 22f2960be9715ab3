package dev.asyncapi.core;

/**
 * The work behind a job type.
 *
 * <p>Delivery is at-least-once: a handler may run more than once for the same job (after a lease
 * expired because its worker died or stalled, or under a {@link RetryPolicy}), so it should be
 * idempotent. Only one outcome is ever recorded.
 *
 * @param <I> the input type, bound from the job's JSON input with Jackson
 * @param <O> the output type, written as the job's JSON output with Jackson
 */
@FunctionalInterface
public interface JobHandler<I, O> {

    /**
     * Does the work.
     *
     * @param input   the job's input
     * @param context the job's id and attempt, progress reporting and termination signal
     * @return the output; {@code null} is recorded as JSON {@code null}
     * @throws JobFailedException to fail with a code and message callers may see
     * @throws InterruptedException when interrupted because the job was terminated or timed out
     * @throws Exception any other failure: the job fails with {@value JobFailure#HANDLER_FAILED}
     *                   (or is retried, per its retry policy)
     */
    O handle(I input, JobContext context) throws Exception;
}
