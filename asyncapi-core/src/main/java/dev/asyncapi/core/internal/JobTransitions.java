package dev.asyncapi.core.internal;

import dev.asyncapi.core.IllegalJobTransitionException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobAlreadyTerminalException;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.Lease;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The moves of a job's life, each returning the next snapshot for a store to write with
 * compare-and-set. Only the engine moves jobs: a store finds due work and compares versions, and a
 * user reads {@link Job} as an immutable view. Every move is checked against
 * {@link JobStatus#canMoveTo}.
 *
 * <p>Not part of the public API (the package is not exported); tests use it to set up stores.
 */
public final class JobTransitions {

    private JobTransitions() {
    }

    /**
     * The first snapshot of a new job: Pending, attempt 0, claimable at once, no version yet.
     *
     * @param id             a well-formed id
     * @param type           the job type
     * @param inputJson      the input as JSON text
     * @param owner          the submitting principal, or null
     * @param idempotencyKey the caller's key, or null
     * @param now            the creation instant, also the instant from which a worker may claim it
     * @return a Pending job
     */
    public static Job newPending(String id, String type, String inputJson, String owner, String idempotencyKey,
                                 Instant now) {
        return newPending(id, type, inputJson, owner, idempotencyKey, null, now);
    }

    /**
     * The first snapshot of a new job with a completion callback: as
     * {@link #newPending(String, String, String, String, String, Instant)}, the callback {@code WAITING}.
     *
     * @param id             a well-formed id
     * @param type           the job type
     * @param inputJson      the input as JSON text
     * @param owner          the submitting principal, or null
     * @param idempotencyKey the caller's key, or null
     * @param callbackUrl    where to POST the completion event, or null for none
     * @param now            the creation instant
     * @return a Pending job
     */
    public static Job newPending(String id, String type, String inputJson, String owner, String idempotencyKey,
                                 URI callbackUrl, Instant now) {
        return Job.builder().id(id).type(type).inputJson(inputJson).status(JobStatus.PENDING)
                .owner(owner).idempotencyKey(idempotencyKey).createdAt(now).updatedAt(now).notBefore(now)
                .callback(callbackUrl == null ? null : JobCallback.requested(callbackUrl)).build();
    }

    /**
     * Claims a job for a worker that is about to run it: Pending&rarr;Running, or Running&rarr;Running
     * when the current lease has expired. The lease starts here. Increments the attempt and sets
     * {@code startedAt} on the first claim.
     *
     * @param job            the job as last read
     * @param workerId       the claiming worker
     * @param now            the current instant
     * @param leaseExpiresAt when the new lease runs out
     * @return the Running snapshot
     * @throws IllegalJobTransitionException if the job is terminal, or Running with a live lease
     */
    public static Job claim(Job job, String workerId, Instant now, Instant leaseExpiresAt) {
        if (job.status() == JobStatus.RUNNING && !job.isClaimableAt(now)) {
            throw new IllegalJobTransitionException("job " + job.id() + " is Running under a lease that has not expired");
        }
        checkMove(job, JobStatus.RUNNING);
        return job.toBuilder().status(JobStatus.RUNNING).attempt(job.attempt() + 1).updatedAt(now)
                .startedAt(job.startedAt().orElse(now)).lease(new Lease(workerId, leaseExpiresAt)).build();
    }

    /**
     * Extends the lease of a Running job.
     *
     * @param job            the Running job
     * @param now            the current instant
     * @param leaseExpiresAt the new expiry
     * @return the renewed snapshot
     * @throws IllegalJobTransitionException if the job is not Running
     */
    public static Job renewLease(Job job, Instant now, Instant leaseExpiresAt) {
        Lease lease = requireRunning(job, "renew the lease of");
        return job.toBuilder().updatedAt(now).lease(new Lease(lease.workerId(), leaseExpiresAt)).build();
    }

    /**
     * Records progress of a Running job.
     *
     * @param job          the Running job
     * @param now          the current instant
     * @param progressJson the progress as JSON text
     * @return the updated snapshot
     * @throws IllegalJobTransitionException if the job is not Running
     */
    public static Job withProgress(Job job, Instant now, String progressJson) {
        requireRunning(job, "record progress of");
        return job.toBuilder().updatedAt(now)
                .progressJson(Objects.requireNonNull(progressJson, "progressJson cannot be null")).build();
    }

    /**
     * Completes a Running job with its output.
     *
     * @param job        the Running job
     * @param now        the current instant
     * @param outputJson the output as JSON text
     * @return the Completed snapshot
     * @throws IllegalJobTransitionException if the job is not Running
     */
    public static Job complete(Job job, Instant now, String outputJson) {
        checkMove(job, JobStatus.COMPLETED);
        return ended(job, now).status(JobStatus.COMPLETED)
                .outputJson(Objects.requireNonNull(outputJson, "outputJson cannot be null")).build();
    }

    /**
     * Fails a Running job.
     *
     * @param job     the Running job
     * @param now     the current instant
     * @param failure why it failed
     * @return the Failed snapshot
     * @throws IllegalJobTransitionException if the job is not Running
     */
    public static Job fail(Job job, Instant now, JobFailure failure) {
        checkMove(job, JobStatus.FAILED);
        return ended(job, now).status(JobStatus.FAILED)
                .failure(Objects.requireNonNull(failure, "failure cannot be null")).build();
    }

    /**
     * Terminates a Pending or Running job.
     *
     * @param job    the job
     * @param now    the current instant
     * @param reason recorded as the message of a {@value JobFailure#TERMINATED} failure
     * @return the Terminated snapshot
     * @throws JobAlreadyTerminalException if the job is already terminal
     */
    public static Job terminate(Job job, Instant now, String reason) {
        checkMove(job, JobStatus.TERMINATED);
        return ended(job, now).status(JobStatus.TERMINATED)
                .failure(new JobFailure(JobFailure.TERMINATED, Objects.requireNonNull(reason, "reason cannot be null")))
                .build();
    }

    /**
     * Returns a Running job to Pending: to retry it later, or because its worker shuts down.
     *
     * @param job       the Running job
     * @param now       the current instant
     * @param notBefore when a worker may claim it again
     * @return the Pending snapshot
     * @throws IllegalJobTransitionException if the job is not Running
     */
    public static Job release(Job job, Instant now, Instant notBefore) {
        checkMove(job, JobStatus.PENDING);
        return job.toBuilder().status(JobStatus.PENDING).updatedAt(now).lease(null)
                .notBefore(Objects.requireNonNull(notBefore, "notBefore cannot be null")).build();
    }

    /**
     * The common part of the three terminal moves: finished now, no lease, and a requested callback due at
     * once, in the same write as the terminal state.
     */
    private static Job.Builder ended(Job job, Instant now) {
        return job.toBuilder().updatedAt(now).finishedAt(now).lease(null)
                .callback(job.callback().map(c -> c.due(now)).orElse(null));
    }

    private static void checkMove(Job job, JobStatus next) {
        if (job.status().isTerminal()) {
            throw new JobAlreadyTerminalException("job " + job.id() + " is already " + job.status().wireName()
                    + " and cannot become " + next.wireName());
        }
        if (!job.status().canMoveTo(next)) {
            throw new IllegalJobTransitionException("job " + job.id() + " cannot move from "
                    + job.status().wireName() + " to " + next.wireName());
        }
    }

    private static Lease requireRunning(Job job, String action) {
        if (job.status() != JobStatus.RUNNING) {
            throw new IllegalJobTransitionException("cannot " + action + " job " + job.id() + ": it is "
                    + job.status().wireName() + ", not Running");
        }
        return job.lease().orElseThrow();
    }
}
