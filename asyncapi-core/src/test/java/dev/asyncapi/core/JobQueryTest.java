package dev.asyncapi.core;

import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobQueryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void rejectsPageSizeOutOfRangeNamingIt() {
        assertThatThrownBy(() -> JobQuery.builder().pageSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize").hasMessageContaining("0");
        assertThatThrownBy(() -> JobQuery.builder().pageSize(JobQuery.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
    }

    @Test
    void rejectsInvertedCreationRangeNamingBothBounds() {
        assertThatThrownBy(() -> JobQuery.builder().createdBetween(T0.plusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2030-01-01T00:00:01Z").hasMessageContaining("2030-01-01T00:00:00Z");
    }

    @Test
    void rejectsNullFilters() {
        assertThatThrownBy(() -> JobQuery.builder().type(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> JobQuery.builder().owner(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("owner");
        assertThatThrownBy(() -> JobQuery.builder().statuses((List<JobStatus>) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("statuses");
    }

    @Test
    void defaultsMatchEverythingOnTheFirstPage() {
        JobQuery query = JobQuery.builder().build();

        assertThat(query.pageSize()).isEqualTo(JobQuery.DEFAULT_PAGE_SIZE);
        assertThat(query.statuses()).isEmpty();
        assertThat(query.continuationToken()).isEmpty();
        assertThat(query.matches(job("t", "alice", T0))).isTrue();
    }

    @Test
    void filtersCombineWithAnd() {
        JobQuery query = JobQuery.builder().statuses(JobStatus.PENDING).type("t").owner("alice")
                .createdBetween(T0, T0.plusSeconds(10)).build();

        assertThat(query.matches(job("t", "alice", T0))).isTrue();
        assertThat(query.matches(job("t", "alice", T0.plusSeconds(10)))).as("upper bound is exclusive").isFalse();
        assertThat(query.matches(job("t", "alice", T0.minusMillis(1)))).isFalse();
        assertThat(query.matches(job("u", "alice", T0))).isFalse();
        assertThat(query.matches(job("t", "bob", T0))).isFalse();
        assertThat(query.matches(job("t", null, T0))).isFalse();
        assertThat(query.matches(JobTransitions.terminate(job("t", "alice", T0), T0, "x"))).isFalse();
    }

    @Test
    void withContinuationTokenKeepsTheFilters() {
        JobQuery first = JobQuery.builder().type("t").pageSize(5).build();
        JobQuery next = first.withContinuationToken("abc");

        assertThat(next.continuationToken()).contains("abc");
        assertThat(next.type()).contains("t");
        assertThat(next.pageSize()).isEqualTo(5);
        assertThat(first.continuationToken()).isEmpty();
    }

    private static Job job(String type, String owner, Instant createdAt) {
        return JobTransitions.newPending(JobIds.newId(), type, "{}", owner, null, createdAt);
    }
}
