package dev.asyncapi.core.spi;

import dev.asyncapi.core.IllegalJobTransitionException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.Lease;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DueClaimTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant LEASE_ENDS = T0.plusSeconds(30);

    private static Job pending(String id) {
        return Job.builder().id(id).type("t").status(JobStatus.PENDING).inputJson("{}").createdAt(T0.minusSeconds(5))
                .updatedAt(T0.minusSeconds(5)).notBefore(T0.minusSeconds(5)).version("7").build();
    }

    @Test
    void aClaimMakesADueJobRunningUnderItsLeaseAndKeepsTheRest() {
        Job due = pending("a");

        Job claimed = DueClaim.of("w1", T0, LEASE_ENDS, Set.of()).apply(due).orElseThrow();

        assertThat(claimed.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claimed.attempt()).isEqualTo(due.attempt() + 1);
        assertThat(claimed.lease()).contains(new Lease("w1", LEASE_ENDS));
        assertThat(claimed.updatedAt()).isEqualTo(T0);
        assertThat(claimed.startedAt()).contains(T0);
        assertThat(claimed.version()).as("the version it was derived from").isEqualTo("7");
        assertThat(claimed.createdAt()).isEqualTo(due.createdAt());
        assertThat(claimed.inputJson()).isEqualTo(due.inputJson());
    }

    @Test
    void aSkippedJobIsLeftAloneAndTheSkippedIdsAreACopy() {
        Set<String> skipped = new HashSet<>(Set.of("a"));
        DueClaim claim = DueClaim.of("w1", T0, LEASE_ENDS, skipped);
        skipped.add("b");

        assertThat(claim.apply(pending("a"))).isEmpty();
        assertThat(claim.apply(pending("b"))).isPresent();
        assertThat(claim.skippedJobIds()).containsExactly("a");
        assertThatThrownBy(() -> claim.skippedJobIds().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aJobUnderALiveLeaseCannotBeClaimed() {
        Job leased = DueClaim.of("other", T0, LEASE_ENDS, Set.of()).apply(pending("a")).orElseThrow();

        assertThatThrownBy(() -> DueClaim.of("w1", T0.plusSeconds(1), LEASE_ENDS, Set.of()).apply(leased))
                .isInstanceOf(IllegalJobTransitionException.class).hasMessageContaining("lease");
    }

    @Test
    void badTermsAreRefusedWithTheValuesNamed() {
        assertThatThrownBy(() -> DueClaim.of(" ", T0, LEASE_ENDS, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workerId cannot be blank");
        assertThatThrownBy(() -> DueClaim.of("w1", T0, T0, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseExpiresAt 2030-01-01T00:00:00Z must be after at 2030-01-01T00:00:00Z");
        assertThatThrownBy(() -> DueClaim.of(null, T0, LEASE_ENDS, Set.of())).isInstanceOf(NullPointerException.class)
                .hasMessage("workerId cannot be null");
        assertThatThrownBy(() -> DueClaim.of("w1", T0, LEASE_ENDS, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("skippedJobIds cannot be null");
        assertThatThrownBy(() -> new ClaimedJob(pending("a"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("dueSince cannot be null");
    }
}
