package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.PayloadTooLargeException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where jobs live. Implementations must be thread-safe and may be shared by several engines in
 * several processes; correctness across them rests on {@link #update}'s compare-and-set.
 *
 * <p>Every implementation must pass {@code dev.asyncapi.core.spi.JobStoreContract} from this module's
 * test-jar unchanged.
 *
 * <p>Errors: a store throws {@link JobStoreUnavailableException} for transient trouble it could not
 * overcome (after its own retries), and lets configuration and authentication errors surface as they
 * are. It never swallows an error.
 */
public interface JobStore extends AutoCloseable {

    /**
     * Stores a new job.
     *
     * @param job a job with an empty {@link Job#version()}
     * @return the stored snapshot with its version
     * @throws DuplicateJobException     if a job with the same id exists, or one with the same owner and
     *                                   idempotency key (when the job has a key)
     * @throws PayloadTooLargeException  if the job is larger than the store can hold
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Job create(Job job);

    /**
     * Reads one job: a single point read.
     *
     * @param id the job id
     * @return the job, or empty if none has that id
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Optional<Job> find(String id);

    /**
     * Replaces a job if its stored version is still {@code job.version()} (compare-and-set).
     *
     * @param job the next snapshot, carrying the version it was derived from
     * @return the stored snapshot with its new version
     * @throws StaleJobVersionException  if the stored version differs or the job is gone
     * @throws PayloadTooLargeException  if the new snapshot is larger than the store can hold
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Job update(Job job);

    /**
     * Finds up to {@code limit} jobs of the given types that a worker may claim at {@code now}: Pending
     * whose {@link Job#notBefore()} has passed, or Running whose lease has expired (see
     * {@link Job#isClaimableAt}). Earliest due first, as far as the store's layout allows. Reads only
     * due work of those types: the cost grows neither with the number of finished jobs nor with due jobs
     * of other types, so a worker never sees, claims or fails a type it does not run.
     *
     * <p>Finding changes nothing: the engine claims each job it can run with {@link #update}, whose
     * compare-and-set hands a job to at most one of several racing workers. A returned snapshot may
     * therefore already be stale.
     *
     * @param types the job types to look for; not empty
     * @param now   the current instant
     * @param limit the most jobs to return, at least 1
     * @return due jobs, possibly empty, never more than {@code limit}
     * @throws IllegalArgumentException     if {@code types} is empty or {@code limit} is less than 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<Job> findDue(Set<String> types, Instant now, int limit);

    /**
     * Whether this store claims due work in batches with {@link #claimDue}. Default: {@code false}, and the engine
     * finds due work with {@link #findDue} and claims each job with {@link #update} from the worker that runs it.
     * A store answers {@code true} when claiming several jobs in one step costs less than one compare-and-set each
     * (PostgreSQL's {@code FOR UPDATE SKIP LOCKED}); one whose writes are per job anyway (Azure Table Storage)
     * gains nothing, since the engine's per-job claims run in parallel on its workers.
     *
     * @return whether {@link #claimDue} is implemented
     */
    default boolean claimsInBatches() {
        return false;
    }

    /**
     * Finds up to {@code limit} jobs of the given types due at {@link DueClaim#at()}, as {@link #findDue} would,
     * and claims them in one step: each gets the Running snapshot {@link DueClaim#apply} gives for it, written with
     * a new version, except the jobs {@code claim} skips, which are left as they were. Jobs that another caller is
     * claiming at the same moment are skipped, never waited for, so engines that claim at once get disjoint jobs.
     * Either a job's claimed snapshot is written and returned, or the job is left as it was.
     *
     * <p>A store may call {@link DueClaim#apply} per job, or compute the same snapshot itself from the claim's terms
     * (one SQL {@code UPDATE} for the batch); the contract suite checks that the written snapshot equals what
     * {@link DueClaim#apply} gives for the job as it was stored.
     *
     * <p>Only called when {@link #claimsInBatches()} answers {@code true}.
     *
     * @param types the job types to look for; not empty
     * @param limit the most jobs to claim, at least 1
     * @param claim the claim to write: worker, time, lease expiry and the jobs to leave alone
     * @return the claimed jobs, each with its new version and since when it had been due, earliest due first;
     *         possibly empty
     * @throws IllegalArgumentException      if {@code types} is empty or {@code limit} is less than 1
     * @throws UnsupportedOperationException if this store does not claim in batches (the default)
     * @throws JobStoreUnavailableException  if the store cannot be reached; then nothing was claimed
     */
    default List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        throw new UnsupportedOperationException(getClass().getName() + " does not claim due work in batches");
    }

    /**
     * Checks the arguments of {@link #findDue} as its contract requires; a store calls it first.
     *
     * @param types the job types asked for
     * @param now   the current instant
     * @param limit the most jobs to return
     * @throws NullPointerException     if {@code types} or {@code now} is null
     * @throws IllegalArgumentException if {@code types} is empty or {@code limit} is less than 1
     */
    static void checkFindDueArguments(Set<String> types, Instant now, int limit) {
        Objects.requireNonNull(types, "types cannot be null");
        Objects.requireNonNull(now, "now cannot be null");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types cannot be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
    }

    /**
     * Finds up to {@code limit} terminal jobs whose completion callback is due for delivery at {@code now}
     * ({@link dev.asyncapi.core.JobCallback#isDueAt}), earliest due first as far as the store's layout allows.
     * Reads only pending deliveries: the cost grows neither with the number of jobs nor with delivered ones.
     *
     * <p>Finding changes nothing: a deliverer records each attempt with {@link #update}, whose compare-and-set
     * lets one of several racing deliverers record it (the others' sends are the duplicates at-least-once
     * delivery allows). A returned snapshot may already be stale.
     *
     * @param now   the current instant
     * @param limit the most jobs to return, at least 1
     * @return jobs with a due callback, possibly empty, never more than {@code limit}
     * @throws NullPointerException         if {@code now} is null
     * @throws IllegalArgumentException     if {@code limit} is less than 1
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    List<Job> findDeliveriesDue(Instant now, int limit);

    /**
     * Checks the arguments of {@link #findDeliveriesDue} as its contract requires; a store calls it first.
     *
     * @param now   the current instant
     * @param limit the most jobs to return
     * @throws NullPointerException     if {@code now} is null
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    static void checkFindDeliveriesDueArguments(Instant now, int limit) {
        Objects.requireNonNull(now, "now cannot be null");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
    }

    /**
     * Finds the job an owner submitted with an idempotency key.
     *
     * @param owner the owner, or null for jobs submitted without one
     * @param idempotencyKey the key
     * @return the job, or empty
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey);

    /**
     * Lists jobs matching a query, a page at a time.
     *
     * @param query the filters, page size and continuation token
     * @return one page
     * @throws IllegalArgumentException     if the continuation token is malformed
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    JobPage query(JobQuery query);

    /**
     * Deletes one job, whatever its status.
     *
     * @param id the job id
     * @return {@code true} if a job was deleted
     * @throws dev.asyncapi.core.JobContentionException if the job kept changing under the attempts to delete it
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    boolean delete(String id);

    /**
     * Deletes terminal jobs in the given statuses that finished before {@code finishedBefore}.
     *
     * @param statuses       terminal statuses; empty means all terminal statuses
     * @param finishedBefore the exclusive cut-off
     * @return how many jobs were deleted
     * @throws IllegalArgumentException     if {@code statuses} holds a non-terminal status
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    int purge(Set<JobStatus> statuses, Instant finishedBefore);

    /**
     * Subscribes to the store's change feed, if it has one, so engines wake at once for work and changes
     * made by other processes; see {@link JobStoreListener}. The engine calls it once when it starts and
     * closes the subscription when it closes. Default: no feed (the returned subscription does nothing),
     * and engines rely on their sweep and polls alone.
     *
     * @param listener hears of changes; thread-safe
     * @return the subscription, to close when no longer wanted; never null
     * @throws NullPointerException if {@code listener} is null
     */
    default AutoCloseable listen(JobStoreListener listener) {
        Objects.requireNonNull(listener, "listener cannot be null");
        return () -> { };
    }

    /**
     * Releases resources the store holds (clients, threads). Jobs are untouched. Default: nothing.
     */
    @Override
    default void close() {
    }
}
