package dev.asyncapi.azure.tables;

import dev.asyncapi.core.JobIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @Test
    void partitionNamesAreThreeDigitsZeroPadded() {
        assertThat(Keys.partition(0)).isEqualTo("s000");
        assertThat(Keys.partition(7)).isEqualTo("s007");
        assertThat(Keys.partition(42)).isEqualTo("s042");
        assertThat(Keys.partition(998)).isEqualTo("s998");
        assertThatThrownBy(() -> Keys.partition(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Keys.partition(999)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("999");
    }

    @Test
    void refusesShardCountsOutsideOneTo999() {
        assertThatThrownBy(() -> new Keys(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new Keys(1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
        assertThat(new Keys(999).partitionAt(998)).isEqualTo("s998");
    }

    @Test
    void shardOfAnIdIsPinnedSoEveryProcessAndVersionAgrees() {
        // part of the table layout: a change to the hash would strand every stored job (values computed by hand)
        assertThat(new Keys(8).partitionOf("0123456789abcdef0123456789abcdef")).isEqualTo("s007");
        assertThat(new Keys(8).partitionOf("ffffffffffffffffffffffffffffffff")).isEqualTo("s004");
        assertThat(new Keys(8).partitionOf("00000000000000000000000000000000")).isEqualTo("s001");
        assertThat(new Keys(16).partitionOf("ffffffffffffffffffffffffffffffff")).isEqualTo("s012");
        assertThat(new Keys(999).partitionOf("00000000000000000000000000000000")).isEqualTo("s827");
        assertThat(new Keys(1).partitionOf("anything")).isEqualTo("s000");
    }

    @Test
    void idsSpreadEvenlyOverShards() {
        Keys keys = new Keys(8);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 8_000; i++) {
            counts.merge(keys.partitionOf(JobIds.newId()), 1, Integer::sum);
        }
        assertThat(counts).hasSize(8);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1_200));
        for (int i = 0; i < 8; i++) {
            assertThat(counts).containsKey(keys.partitionAt(i));
        }
    }

    @Test
    void jobRowsRoundTripAndStayInsideTheJobRange() {
        String id = JobIds.newId();
        assertThat(Keys.idOfJobRow(Keys.jobRow(id))).isEqualTo(id);
        assertThat(Keys.jobRow(id)).isGreaterThanOrEqualTo(Keys.JOB_PREFIX).isLessThan(Keys.JOB_END);
        for (String other : List.of(Keys.dueRow(0, id), Keys.keyRow("ab"), Keys.LAYOUT_ROW)) {
            assertThat(other.compareTo(Keys.JOB_PREFIX) < 0 || other.compareTo(Keys.JOB_END) >= 0)
                    .as("%s is outside [job_, job`)", other).isTrue();
        }
    }

    @Test
    void dueRowsAreFixedWidthAndOrderLikeTheirInstants() {
        String id = JobIds.newId();
        assertThat(Keys.dueRow(5, id)).isEqualTo("due_0000000000005_" + id);
        assertThat(Keys.idOfDueRow(Keys.dueRow(1_700_000_000_123L, id))).isEqualTo(id);
        List<Long> millis = List.of(0L, 5L, 999L, 1_000L, 1_700_000_000_000L, 1_700_000_000_001L, Keys.MAX_DUE_MILLIS);
        List<String> rows = new ArrayList<>();
        millis.forEach(m -> rows.add(Keys.dueRow(m, id)));
        assertThat(rows).isSorted().allSatisfy(r -> assertThat(r).hasSize("due_".length() + 13 + 1 + id.length()));
    }

    @Test
    void dueRowsBeforeNowIncludeNowsMillisecondAndNothingLater() {
        String id = JobIds.newId();
        Instant now = Instant.parse("2030-01-01T00:00:00.123456789Z");
        String bound = Keys.dueRowsBefore(now);
        assertThat(Keys.dueRow(Keys.dueMillis(now), id)).isLessThan(bound);
        assertThat(Keys.dueRow(Keys.dueMillis(now.minusSeconds(60)), id)).isLessThan(bound);
        assertThat(Keys.dueRow(Keys.dueMillis(now.plusMillis(1)), id)).isGreaterThan(bound);
    }

    @Test
    void dueMillisClampsToWhatThirteenDigitsCanOrder() {
        assertThat(Keys.dueMillis(Instant.EPOCH.minusSeconds(1))).isZero();
        assertThat(Keys.dueMillis(Instant.ofEpochSecond(-200_000_000_000L))).isZero();
        assertThat(Keys.dueMillis(Instant.parse("3000-01-01T00:00:00Z"))).isEqualTo(Keys.MAX_DUE_MILLIS);
        assertThat(Keys.dueMillis(Instant.MAX)).isEqualTo(Keys.MAX_DUE_MILLIS);
        // far-future work sorts after everything due now, never before it
        String id = JobIds.newId();
        assertThat(Keys.dueRow(Keys.dueMillis(Instant.MAX), id)).isGreaterThan(Keys.dueRowsBefore(Instant.now()));
    }

    @Test
    void idempotencyHashSeparatesOwnerFromKeyAndNoOwnerFromAnyOwner() {
        assertThat(Keys.idempotencyHash("a", "k")).hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo(Keys.idempotencyHash("a", "k"));
        assertThat(Keys.idempotencyHash("a|b", "c")).isNotEqualTo(Keys.idempotencyHash("a", "b|c"));
        assertThat(Keys.idempotencyHash(null, "k")).isNotEqualTo(Keys.idempotencyHash("-", "k"));
        assertThat(Keys.idempotencyHash("a", "k")).isNotEqualTo(Keys.idempotencyHash("b", "k"));
        assertThat(Keys.keyRow("ab")).isEqualTo("key_ab");
    }
}
