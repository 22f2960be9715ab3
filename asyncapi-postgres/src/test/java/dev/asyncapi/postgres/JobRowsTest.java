package dev.asyncapi.postgres;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRowsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void countsUtf8BytesAsTheDatabaseWill() {
        for (String s : new String[] {"", "abc", "é", "€", "😀", "a😀é€", "\uD800 lone surrogate"}) {
            long expected = s.getBytes(StandardCharsets.UTF_8).length;
            if (s.startsWith("\uD800")) {
                expected = 3 + " lone surrogate".length();
            }
            assertThat(JobRows.utf8Length(s)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void refusesAJobOverTheLimitNamingItsParts() {
        Job job = JobTransitions.newPending(JobIds.newId(), "t", "\"" + "x".repeat(2000) + "\"", null, null, T0);

        JobRows.checkSize(job, 2002);
        assertThatThrownBy(() -> JobRows.checkSize(job, 2001)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("2002 bytes").hasMessageContaining("input 2002").hasMessageContaining("2001");
    }

    @Test
    void keepsASnapshotOfMicrosecondsAsItIsAndTruncatesFinerOnes() {
        Job micros = JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0.plusNanos(1_000));
        Job nanos = JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0.plusNanos(1_999));

        assertThat(JobRows.asStored(micros)).isSameAs(micros);
        Job stored = JobRows.asStored(nanos);
        assertThat(stored.createdAt()).isEqualTo(T0.plusNanos(1_000));
        assertThat(stored.updatedAt()).isEqualTo(T0.plusNanos(1_000));
        assertThat(stored.notBefore()).isEqualTo(T0.plusNanos(1_000));
    }

    @Test
    void hashesOwnerAndKeyUnambiguously() {
        assertThat(JobRows.idempotencyHash(null, "k")).isNotEqualTo(JobRows.idempotencyHash("", "k"));
        assertThat(JobRows.idempotencyHash("a|b", "c")).isNotEqualTo(JobRows.idempotencyHash("a", "b|c"));
        assertThat(JobRows.idempotencyHash("alice", "k")).isEqualTo(JobRows.idempotencyHash("alice", "k")).hasSize(32);
    }
}
