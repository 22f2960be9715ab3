package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;

import java.time.Instant;

/** Test fixture: snapshots at a known point of a job's life, for tests of moves and of what each status holds. */
public final class TestJobs {

    private TestJobs() {
    }

    /**
     * @param t0 the creation instant
     * @return a Pending job created at {@code t0} and not due before {@code t0} + 60 s
     */
    public static Job pending(Instant t0) {
        return JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, t0).toBuilder()
                .notBefore(t0.plusSeconds(60)).build();
    }

    /**
     * @param t0 the claim instant
     * @return that job claimed by {@code w1} at {@code t0} under a lease until {@code t0} + 30 s
     */
    public static Job running(Instant t0) {
        return JobTransitions.claim(pending(t0), "w1", t0, t0.plusSeconds(30));
    }
}
