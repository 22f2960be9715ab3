package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.Lease;
import dev.asyncapi.core.internal.JobTransitions;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an engine asks {@link JobStore#claimDue} to write on each due job it claims: the claim of
 * {@link #apply}, whose terms are all here, so a store may compute it in its own query language (one SQL
 * {@code UPDATE} for all the jobs) instead of calling {@link #apply} per job. A claimed job becomes:
 * <ul>
 *   <li>{@link JobStatus#RUNNING Running}, with {@link Job#attempt()} one more than before;</li>
 *   <li>leased to {@link #workerId()} until {@link #leaseExpiresAt()};</li>
 *   <li>updated at {@link #at()}, and started at {@link #at()} unless an earlier attempt started it (then that
 *       start is kept);</li>
 *   <li>with every other field as it was.</li>
 * </ul>
 * Jobs named in {@link #skippedJobIds()} (the engine already runs them) are left alone, as if not due.
 *
 * <p>Immutable.
 */
public final class DueClaim {

    private final String workerId;
    private final Instant at;
    private final Instant leaseExpiresAt;
    private final Set<String> skippedJobIds;

    private DueClaim(String workerId, Instant at, Instant leaseExpiresAt, Set<String> skippedJobIds) {
        this.workerId = workerId;
        this.at = at;
        this.leaseExpiresAt = leaseExpiresAt;
        this.skippedJobIds = skippedJobIds;
    }

    /**
     * Creates a claim.
     *
     * @param workerId       the claiming worker, as leases name it
     * @param at             the current instant: jobs due at it are claimed, and the claim is written as made then
     * @param leaseExpiresAt when the leases it writes run out
     * @param skippedJobIds  ids of jobs to leave alone even if due; copied
     * @return the claim
     * @throws NullPointerException     if an argument or a skipped id is null
     * @throws IllegalArgumentException if {@code workerId} is blank or {@code leaseExpiresAt} is not after
     *                                  {@code at}
     */
    public static DueClaim of(String workerId, Instant at, Instant leaseExpiresAt, Set<String> skippedJobIds) {
        Objects.requireNonNull(workerId, "workerId cannot be null");
        Objects.requireNonNull(at, "at cannot be null");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt cannot be null");
        Objects.requireNonNull(skippedJobIds, "skippedJobIds cannot be null");
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("workerId cannot be blank");
        }
        if (!leaseExpiresAt.isAfter(at)) {
            throw new IllegalArgumentException("leaseExpiresAt " + leaseExpiresAt + " must be after at " + at);
        }
        return new DueClaim(workerId, at, leaseExpiresAt, Set.copyOf(skippedJobIds));
    }

    /** @return the claiming worker, written as the lease's {@link Lease#workerId()} */
    public String workerId() {
        return workerId;
    }

    /** @return when the claim is made: the instant due work is looked for at, and written as the update time */
    public Instant at() {
        return at;
    }

    /** @return when the written leases run out */
    public Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    /** @return ids of jobs to leave alone even if due; unmodifiable, possibly empty */
    public Set<String> skippedJobIds() {
        return skippedJobIds;
    }

    /**
     * The snapshot to write for a due job, for stores that compute the claim in Java.
     *
     * @param due the job as stored, claimable at {@link #at()}
     * @return the Running snapshot (carrying {@code due}'s version, as {@link JobStore#update} expects), or empty if
     *         the job is one of {@link #skippedJobIds()}
     * @throws dev.asyncapi.core.IllegalJobTransitionException if {@code due} is terminal or Running under a lease
     *                                                         that has not expired at {@link #at()}
     */
    public Optional<Job> apply(Job due) {
        Objects.requireNonNull(due, "due cannot be null");
        if (skippedJobIds.contains(due.id())) {
            return Optional.empty();
        }
        return Optional.of(JobTransitions.claim(due, workerId, at, leaseExpiresAt));
    }

    @Override
    public String toString() {
        return "DueClaim[workerId=" + workerId + ", at=" + at + ", leaseExpiresAt=" + leaseExpiresAt
                + ", skippedJobIds=" + skippedJobIds + "]";
    }
}
