package dev.asyncapi.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.asyncapi.core.JobStatus.COMPLETED;
import static dev.asyncapi.core.JobStatus.FAILED;
import static dev.asyncapi.core.JobStatus.PENDING;
import static dev.asyncapi.core.JobStatus.RUNNING;
import static dev.asyncapi.core.JobStatus.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

    /** The whole lifecycle, written out independently of the implementation. */
    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(RUNNING, TERMINATED),
            RUNNING, EnumSet.of(RUNNING, PENDING, COMPLETED, FAILED, TERMINATED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            TERMINATED, EnumSet.noneOf(JobStatus.class));

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void allowsExactlyTheDocumentedMoves(JobStatus from) {
        for (JobStatus to : JobStatus.values()) {
            assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
        }
    }

    @Test
    void terminalStatusesAreCompletedFailedAndTerminated() {
        assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(JobStatus::isTerminal)
                .containsExactlyInAnyOrder(COMPLETED, FAILED, TERMINATED);
        assertThat(JobStatus.terminal()).containsExactlyInAnyOrder(COMPLETED, FAILED, TERMINATED);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void wireNameRoundTrips(JobStatus status) {
        assertThat(JobStatus.fromWireName(status.wireName())).contains(status);
    }

    @Test
    void wireNamesAreTheDurableFunctionsNames() {
        assertThat(EnumSet.allOf(JobStatus.class)).extracting(JobStatus::wireName)
                .containsExactly("Pending", "Running", "Completed", "Failed", "Terminated");
    }

    @Test
    void unknownOrMiscasedWireNameFindsNothing() {
        assertThat(JobStatus.fromWireName("running")).isEmpty();
        assertThat(JobStatus.fromWireName("RUNNING")).isEmpty();
        assertThat(JobStatus.fromWireName("Done")).isEmpty();
        assertThat(JobStatus.fromWireName(null)).isEmpty();
    }

    @Test
    void canMoveToRejectsNull() {
        assertThatThrownBy(() -> PENDING.canMoveTo(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- the transition methods of Job follow the same rules --------------------------------------

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Job pending() {
        return Job.newPending(JobIds.newId(), "t", "{}", null, null, T0, T0.plusSeconds(60));
    }

    private static Job running() {
        return pending().claim("w1", T0, T0.plusSeconds(30));
    }

    @Test
    void pendingJobMovesToRunningOnClaimEvenBeforeItsReservationEnds() {
        Job claimed = pending().claim("w1", T0.plusSeconds(1), T0.plusSeconds(31));

        assertThat(claimed.status()).isEqualTo(RUNNING);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.startedAt()).contains(T0.plusSeconds(1));
        assertThat(claimed.lease()).contains(new Lease("w1", T0.plusSeconds(31)));
    }

    @Test
    void runningJobWithLiveLeaseCannotBeClaimed() {
        assertThatThrownBy(() -> running().claim("w2", T0.plusSeconds(29), T0.plusSeconds(59)))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("Running");
    }

    @Test
    void runningJobWithExpiredLeaseIsTakenOverWithTheNextAttempt() {
        Job taken = running().claim("w2", T0.plusSeconds(30), T0.plusSeconds(60));

        assertThat(taken.status()).isEqualTo(RUNNING);
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.startedAt()).contains(T0);
        assertThat(taken.lease().orElseThrow().workerId()).isEqualTo("w2");
    }

    @Test
    void runningJobMovesToEveryOutcome() {
        Job running = running();
        Instant t = T0.plusSeconds(5);

        assertThat(running.complete(t, "{\"value\":2}").status()).isEqualTo(COMPLETED);
        assertThat(running.fail(t, new JobFailure("Boom", "it broke")).status()).isEqualTo(FAILED);
        assertThat(running.terminate(t, "stop").status()).isEqualTo(TERMINATED);
        Job released = running.release(t, t.plusSeconds(2));
        assertThat(released.status()).isEqualTo(PENDING);
        assertThat(released.lease()).isEmpty();
        assertThat(released.notBefore()).isEqualTo(t.plusSeconds(2));
        assertThat(running.renewLease(t, t.plusSeconds(30)).lease().orElseThrow().expiresAt()).isEqualTo(t.plusSeconds(30));
        assertThat(running.withProgress(t, "{\"done\":1}").progressJson()).contains("{\"done\":1}");
    }

    @Test
    void pendingJobCanBeTerminated() {
        Job terminated = pending().terminate(T0, "not needed");

        assertThat(terminated.status()).isEqualTo(TERMINATED);
        assertThat(terminated.failure()).contains(new JobFailure(JobFailure.TERMINATED, "not needed"));
        assertThat(terminated.finishedAt()).contains(T0);
    }

    @Test
    void pendingJobRejectsMovesThatNeedARun() {
        Job pending = pending();

        assertThatThrownBy(() -> pending.complete(T0, "1")).isExactlyInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("Pending").hasMessageContaining("Completed");
        assertThatThrownBy(() -> pending.fail(T0, new JobFailure("X", "x")))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> pending.release(T0, T0)).isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> pending.renewLease(T0, T0.plusSeconds(1)))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> pending.withProgress(T0, "{}"))
                .isExactlyInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void terminalJobRejectsEveryMove() {
        Instant t = T0.plusSeconds(5);
        for (Job terminal : new Job[] {running().complete(t, "1"), running().fail(t, new JobFailure("X", "x")),
                pending().terminate(t, "stop")}) {
            assertThatThrownBy(() -> terminal.complete(t, "1")).isInstanceOf(JobAlreadyTerminalException.class)
                    .hasMessageContaining(terminal.status().wireName());
            assertThatThrownBy(() -> terminal.fail(t, new JobFailure("X", "x"))).isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> terminal.terminate(t, "again")).isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> terminal.release(t, t)).isInstanceOf(JobAlreadyTerminalException.class);
            assertThatThrownBy(() -> terminal.claim("w", t.plusSeconds(999), t.plusSeconds(1999)))
                    .isInstanceOf(IllegalJobTransitionException.class);
            assertThatThrownBy(() -> terminal.renewLease(t, t)).isInstanceOf(IllegalJobTransitionException.class);
            assertThatThrownBy(() -> terminal.withProgress(t, "{}")).isInstanceOf(IllegalJobTransitionException.class);
            assertThat(terminal.claimableAt()).isEmpty();
        }
    }

    @Test
    void claimableAtFollowsReservationThenLease() {
        Job pending = pending();
        assertThat(pending.claimableAt()).contains(T0.plusSeconds(60));
        assertThat(pending.isClaimableAt(T0.plusSeconds(59))).isFalse();
        assertThat(pending.isClaimableAt(T0.plusSeconds(60))).isTrue();

        Job running = running();
        assertThat(running.claimableAt()).contains(T0.plusSeconds(30));
        assertThat(running.isClaimableAt(T0.plusSeconds(30))).isTrue();
    }

    @Test
    void snapshotsThatBreakTheInvariantsCannotBeBuilt() {
        assertThatThrownBy(() -> pending().toBuilder().status(RUNNING).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
        assertThatThrownBy(() -> pending().toBuilder().status(COMPLETED).finishedAt(T0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
        assertThatThrownBy(() -> pending().toBuilder().status(FAILED).finishedAt(T0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure");
        assertThatThrownBy(() -> pending().toBuilder().status(TERMINATED).failure(new JobFailure("X", "x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finishedAt");
        assertThatThrownBy(() -> pending().toBuilder().attempt(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> pending().toBuilder().id("no spaces").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");
    }
}
