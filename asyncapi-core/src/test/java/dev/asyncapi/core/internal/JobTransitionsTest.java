package dev.asyncapi.core.internal;

import dev.asyncapi.core.IllegalJobTransitionException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobAlreadyTerminalException;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.Lease;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.asyncapi.core.JobStatus.COMPLETED;
import static dev.asyncapi.core.JobStatus.FAILED;
import static dev.asyncapi.core.JobStatus.PENDING;
import static dev.asyncapi.core.JobStatus.RUNNING;
import static dev.asyncapi.core.JobStatus.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The moves of a job's life follow {@code JobStatus.canMoveTo} and keep a snapshot's fields consistent. */
class JobTransitionsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void newPendingIsClaimableAtOnce() {
        Job job = JobTransitions.newPending(JobIds.newId(), "report", "{\"n\":1}", "alice", "k", T0);

        assertThat(job.status()).isEqualTo(PENDING);
        assertThat(job.attempt()).isZero();
        assertThat(job.version()).isEmpty();
        assertThat(job.owner()).contains("alice");
        assertThat(job.idempotencyKey()).contains("k");
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.updatedAt()).isEqualTo(T0);
        assertThat(job.notBefore()).isEqualTo(T0);
        assertThat(job.isClaimableAt(T0)).isTrue();
        assertThat(job.isClaimableAt(T0.minusMillis(1))).isFalse();
    }

    @Test
    void pendingJobMovesToRunningOnClaimEvenBeforeItsReservationEnds() {
        Job claimed = JobTransitions.claim(TestJobs.pending(T0), "w1", T0.plusSeconds(1), T0.plusSeconds(31));

        assertThat(claimed.status()).isEqualTo(RUNNING);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.startedAt()).contains(T0.plusSeconds(1));
        assertThat(claimed.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(claimed.lease()).contains(new Lease("w1", T0.plusSeconds(31)));
    }

    @Test
    void runningJobWithLiveLeaseCannotBeClaimed() {
        assertThatThrownBy(() -> JobTransitions.claim(TestJobs.running(T0), "w2", T0.plusSeconds(29), T0.plusSeconds(59)))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("Running");
    }

    @Test
    void runningJobWithExpiredLeaseIsTakenOverWithTheNextAttempt() {
        Job taken = JobTransitions.claim(TestJobs.running(T0), "w2", T0.plusSeconds(30), T0.plusSeconds(60));

        assertThat(taken.status()).isEqualTo(RUNNING);
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.startedAt()).contains(T0);
        assertThat(taken.lease().orElseThrow().workerId()).isEqualTo("w2");
    }

    @Test
    void runningJobMovesToEveryOutcome() {
        Job running = TestJobs.running(T0);
        Instant t = T0.plusSeconds(5);

        Job completed = JobTransitions.complete(running, t, "{\"value\":2}");
        assertThat(completed.status()).isEqualTo(COMPLETED);
        assertThat(completed.outputJson()).contains("{\"value\":2}");
        assertThat(completed.finishedAt()).contains(t);
        assertThat(completed.lease()).isEmpty();
        Job failed = JobTransitions.fail(running, t, new JobFailure("Boom", "it broke"));
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.failure()).contains(new JobFailure("Boom", "it broke"));
        assertThat(JobTransitions.terminate(running, t, "stop").status()).isEqualTo(TERMINATED);
        Job released = JobTransitions.release(running, t, t.plusSeconds(2));
        assertThat(released.status()).isEqualTo(PENDING);
        assertThat(released.lease()).isEmpty();
        assertThat(released.notBefore()).isEqualTo(t.plusSeconds(2));
        assertThat(released.attempt()).as("a release keeps the count of claims").isEqualTo(1);
        Job renewed = JobTransitions.renewLease(running, t, t.plusSeconds(30));
        assertThat(renewed.lease()).contains(new Lease("w1", t.plusSeconds(30)));
        assertThat(JobTransitions.withProgress(running, t, "{\"done\":1}").progressJson()).contains("{\"done\":1}");
    }

    @Test
    void movesLeaveTheSnapshotTheyStartFromUnchanged() {
        Job running = TestJobs.running(T0);

        JobTransitions.complete(running, T0.plusSeconds(5), "1");

        assertThat(running.status()).isEqualTo(RUNNING);
        assertThat(running.outputJson()).isEmpty();
    }

    @Test
    void pendingJobCanBeTerminated() {
        Job terminated = JobTransitions.terminate(TestJobs.pending(T0), T0, "not needed");

        assertThat(terminated.status()).isEqualTo(TERMINATED);
        assertThat(terminated.failure()).contains(new JobFailure(JobFailure.TERMINATED, "not needed"));
        assertThat(terminated.finishedAt()).contains(T0);
    }

    @Test
    void pendingJobRejectsMovesThatNeedARun() {
        Job pending = TestJobs.pending(T0);

        assertThatThrownBy(() -> JobTransitions.complete(pending, T0, "1"))
                .isExactlyInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("Pending").hasMessageContaining("Completed");
        assertThatThrownBy(() -> JobTransitions.fail(pending, T0, new JobFailure("X", "x")))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> JobTransitions.release(pending, T0, T0))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> JobTransitions.renewLease(pending, T0, T0.plusSeconds(1)))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> JobTransitions.withProgress(pending, T0, "{}"))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void terminalJobRejectsEveryMove() {
        Instant t = T0.plusSeconds(5);
        for (Job terminal : new Job[] {JobTransitions.complete(TestJobs.running(T0), t, "1"),
                JobTransitions.fail(TestJobs.running(T0), t, new JobFailure("X", "x")), JobTransitions.terminate(TestJobs.pending(T0), t, "stop")}) {
            assertThatThrownBy(() -> JobTransitions.complete(terminal, t, "1"))
                    .isInstanceOf(JobAlreadyTerminalException.class).hasMessageContaining(terminal.status().wireName());
            assertThatThrownBy(() -> JobTransitions.fail(terminal, t, new JobFailure("X", "x")))
                    .isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> JobTransitions.terminate(terminal, t, "again"))
                    .isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> JobTransitions.release(terminal, t, t))
                    .isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> JobTransitions.claim(terminal, "w", t.plusSeconds(999), t.plusSeconds(1999)))
                    .isInstanceOf(IllegalJobTransitionException.class);
            assertThatThrownBy(() -> JobTransitions.renewLease(terminal, t, t))
                    .isInstanceOf(IllegalJobTransitionException.class);
            assertThatThrownBy(() -> JobTransitions.withProgress(terminal, t, "{}"))
                    .isInstanceOf(IllegalJobTransitionException.class);
            assertThat(terminal.claimableAt()).isEmpty();
        }
    }
}
