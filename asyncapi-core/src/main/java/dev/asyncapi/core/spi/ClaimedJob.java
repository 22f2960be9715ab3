package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;

import java.time.Instant;
import java.util.Objects;

/**
 * A job {@link JobStore#claimDue} claimed, and since when it had been due.
 *
 * @param job      the claimed snapshot as stored, with its new version
 * @param dueSince when the job became claimable before this claim ({@link Job#claimableAt()} of the snapshot the
 *                 claim replaced: its {@code notBefore} while it was Pending, the expiry of the lease it took over
 *                 when it was Running); the engine reports the time from it to the claim as the queue wait
 */
public record ClaimedJob(Job job, Instant dueSince) {

    /**
     * Checks the components.
     *
     * @param job      the claimed snapshot as stored
     * @param dueSince when the job became claimable before the claim
     * @throws NullPointerException if a component is null
     */
    public ClaimedJob {
        Objects.requireNonNull(job, "job cannot be null");
        Objects.requireNonNull(dueSince, "dueSince cannot be null");
    }
}
