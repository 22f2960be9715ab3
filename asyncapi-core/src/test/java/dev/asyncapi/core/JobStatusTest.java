package dev.asyncapi.core;

import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.internal.TestJobs;
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

    // ---- snapshots: when each status is due, and what each must hold ---------------------------

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void claimableAtFollowsReservationThenLease() {
        Job pending = TestJobs.pending(T0);
        assertThat(pending.claimableAt()).contains(T0.plusSeconds(60));
        assertThat(pending.isClaimableAt(T0.plusSeconds(59))).isFalse();
        assertThat(pending.isClaimableAt(T0.plusSeconds(60))).isTrue();

        Job running = TestJobs.running(T0);
        assertThat(running.claimableAt()).contains(T0.plusSeconds(30));
        assertThat(running.isClaimableAt(T0.plusSeconds(30).minusMillis(1))).isFalse();
        assertThat(running.isClaimableAt(T0.plusSeconds(30))).isTrue();

        Job completed = JobTransitions.complete(running, T0.plusSeconds(1), "1");
        assertThat(completed.claimableAt()).isEmpty();
        assertThat(completed.isClaimableAt(T0.plusSeconds(3600))).isFalse();
    }

    @Test
    void snapshotsThatBreakTheInvariantsCannotBeBuilt() {
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().status(RUNNING).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().status(COMPLETED).finishedAt(T0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().status(FAILED).finishedAt(T0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure");
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().status(TERMINATED).failure(new JobFailure("X", "x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finishedAt");
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().attempt(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> TestJobs.pending(T0).toBuilder().id("no spaces").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces");
    }
}
