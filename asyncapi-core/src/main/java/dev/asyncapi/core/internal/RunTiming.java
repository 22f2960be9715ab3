package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run claimed its job and how long the job had been due before: the base of the queue wait and
 * run time its events carry.
 *
 * @param claimedAt when this attempt's claim was written
 * @param queueWait from the moment the job became due (submitted, retry delay passed, lease expired) to
 *                  the claim; zero if it was claimed early
 */
record RunTiming(Instant claimedAt, Duration queueWait) {

    /**
     * @param unclaimed the snapshot the claim started from
     * @param claimedAt when the claim was written
     */
    static RunTiming of(Job unclaimed, Instant claimedAt) {
        return dueSince(unclaimed.claimableAt().orElse(claimedAt), claimedAt);
    }

    /**
     * @param dueSince  when the job became claimable before the claim
     * @param claimedAt when the claim was written
     */
    static RunTiming dueSince(Instant dueSince, Instant claimedAt) {
        return new RunTiming(claimedAt, notNegative(Duration.between(dueSince, claimedAt)));
    }

    /** @return the time from the claim to {@code at} */
    Duration runTimeAt(Instant at) {
        return notNegative(Duration.between(claimedAt, at));
    }

    private static Duration notNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
