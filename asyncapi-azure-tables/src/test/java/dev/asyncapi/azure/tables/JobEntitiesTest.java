package dev.asyncapi.azure.tables;

import com.azure.data.tables.models.TableEntity;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEntitiesTest {

    /** The service's limit on one string property: 64 KiB of UTF-16. */
    private static final int MAX_PROPERTY_BYTES = 64 * 1024;
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2030-06-15T12:34:56.123456789Z");
    private static final String ETAG = "W/\"datetime'2030-06-15T12%3A34%3A56.1234567Z'\"";

    private static TableEntity entity() {
        return new TableEntity("s000", "job_x");
    }

    private static List<String> parts(TableEntity e, String name) {
        List<String> parts = new ArrayList<>();
        Object count = e.getProperties().get(name + "__parts");
        int n = count == null ? 1 : (Integer) count;
        for (int i = 0; i < n; i++) {
            parts.add((String) e.getProperties().get(i == 0 ? name : name + "__" + i));
        }
        return parts;
    }

    @Test
    void textUpToOneChunkStaysInOneProperty() {
        TableEntity e = entity();
        String text = "x".repeat(JobEntities.CHUNK_CHARS);
        JobEntities.putText(e, "input", text);
        assertThat(e.getProperties().keySet()).containsOnly("PartitionKey", "RowKey", "input");
        assertThat(JobEntities.text(e.getProperties(), "input")).hasValue(text);
        assertThat(2 * JobEntities.CHUNK_CHARS).as("a chunk fits one property").isLessThanOrEqualTo(MAX_PROPERTY_BYTES);
    }

    @Test
    void textOneCharOverAChunkSplitsInTwo() {
        TableEntity e = entity();
        String text = "a".repeat(JobEntities.CHUNK_CHARS) + "b";
        JobEntities.putText(e, "input", text);
        assertThat(e.getProperties().keySet()).containsOnly("PartitionKey", "RowKey", "input", "input__1", "input__parts");
        assertThat(e.getProperties().get("input__parts")).isEqualTo(2);
        assertThat(e.getProperties().get("input__1")).isEqualTo("b");
        assertThat(JobEntities.text(e.getProperties(), "input")).hasValue(text);
    }

    @Test
    void textOfWholeChunksHasNoEmptyTrailingPart() {
        TableEntity e = entity();
        String text = "z".repeat(3 * JobEntities.CHUNK_CHARS);
        JobEntities.putText(e, "output", text);
        assertThat(parts(e, "output")).hasSize(3).allSatisfy(p -> assertThat(p).hasSize(JobEntities.CHUNK_CHARS));
        assertThat(JobEntities.text(e.getProperties(), "output")).hasValue(text);
    }

    @Test
    void neverSplitsASurrogatePairAndEveryPartFitsAProperty() {
        String emoji = "\ud83d\ude00";
        // the high surrogate falls on the last char of the first chunk
        String text = "a".repeat(JobEntities.CHUNK_CHARS - 1) + emoji + "\u00e9".repeat(70_000) + emoji;
        TableEntity e = entity();
        JobEntities.putText(e, "input", text);
        List<String> parts = parts(e, "input");
        assertThat(parts).hasSizeGreaterThan(2);
        assertThat(parts.get(0)).hasSize(JobEntities.CHUNK_CHARS - 1);
        assertThat(parts).allSatisfy(p -> {
            assertThat(2L * p.length()).isLessThanOrEqualTo(MAX_PROPERTY_BYTES);
            assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
        assertThat(JobEntities.text(e.getProperties(), "input")).hasValue(text);
    }

    @Test
    void aMissingPartIsAnErrorNotASilentlyShortValue() {
        TableEntity e = entity();
        JobEntities.putText(e, "input", "q".repeat(2 * JobEntities.CHUNK_CHARS + 5));
        e.getProperties().remove("input__2");
        assertThatIllegalStateException().isThrownBy(() -> JobEntities.text(e.getProperties(), "input"))
                .withMessageContaining("input").withMessageContaining("part 2 of 3");
        assertThat(JobEntities.text(Map.of(), "input")).isEmpty();
    }

    @Test
    void sizeFollowsTheServicesFormula() {
        TableEntity e = new TableEntity("s001", "job_x").addProperty("type", "t").addProperty("attempt", 1)
                .addProperty("n", 5L).addProperty("odata.etag", "ignored");
        // 4 + 2 x (4 + 5) keys; "type": 8 + 2x4 + 4 + 2x1; "attempt": 8 + 2x7 + 4; "n" (Int64): 8 + 2x1 + 8
        assertThat(JobEntities.sizeOf(e)).isEqualTo(22 + 22 + 26 + 18);
    }

    @Test
    void acceptsAnEntityUpToOneMebibyteAndRefusesOneCharMore() {
        Job small = pending("");
        int low = 0;
        int high = JobEntities.MAX_ENTITY_BYTES / 2;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (fits(mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int largest = low;
        assertThat(JobEntities.sizeOf(JobEntities.toEntity(pending("i".repeat(largest)), "s000", "t")))
                .isLessThanOrEqualTo(JobEntities.MAX_ENTITY_BYTES)
                .isGreaterThan(JobEntities.MAX_ENTITY_BYTES - 200);
        Job tooLarge = pending("i".repeat(largest + 1));
        assertThatThrownBy(() -> JobEntities.toEntity(tooLarge, "s000", "t")).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining(tooLarge.id()).hasMessageContaining("1048576")
                .hasMessageContaining("input " + (largest + 1) + " chars");
        assertThat(JobEntities.toEntity(small, "s000", "t").getProperties().keySet()).doesNotContain("input__parts");
    }

    private static boolean fits(int inputChars) {
        try {
            JobEntities.toEntity(pending("i".repeat(inputChars)), "s000", "t");
            return true;
        } catch (PayloadTooLargeException e) {
            return false;
        }
    }

    private static Job pending(String input) {
        return JobTransitions.newPending("0123456789abcdef0123456789abcdef", "type", input, "owner", null, NOW);
    }

    @Test
    void aJobRoundTripsThroughItsEntityWithEveryField() {
        String big = "[" + "\"\ud83d\ude00\",".repeat(20_000) + "0]";
        Job pending = JobTransitions.newPending(JobIds.newId(), "audit", big, "alice", "key-1", NOW).toBuilder()
                .notBefore(NOW.plusSeconds(3)).build();
        Job running = JobTransitions.withProgress(
                JobTransitions.claim(pending, "worker-1", NOW.plusSeconds(3), NOW.plusSeconds(33)),
                NOW.plusSeconds(4), "{\"p\":1}");
        Job failed = JobTransitions.fail(running, NOW.plusSeconds(5), new JobFailure("Boom", "it's broken"));
        Job completed = JobTransitions.complete(running, NOW.plusSeconds(6), big);
        for (Job job : List.of(pending, running, failed, completed)) {
            TableEntity e = JobEntities.toEntity(job, "s003", "token-1");
            assertThat(e.getRowKey()).isEqualTo(Keys.jobRow(job.id()));
            assertThat(JobEntities.writeTokenOf(e)).isEqualTo("token-1");
            assertThat(e.getProperties().get(JobEntities.KEY_HASH)).isEqualTo(Keys.idempotencyHash("alice", "key-1"));
            e.getProperties().put(JobEntities.ETAG, ETAG);
            assertThat(JobEntities.fromEntity(e)).as(job.status().wireName())
                    .isEqualTo(job.toBuilder().version(Versions.of(job, ETAG)).build());
        }
        assertThat(JobEntities.writeTokenOf(entity())).isEmpty();
    }

    @Test
    void instantTextMatchesTheFixedWidthFormatAcrossYears() {
        Random random = new Random(42);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, NOW, Instant.ofEpochSecond(first),
                Instant.ofEpochSecond(last, 999_999_999), Instant.parse("2024-02-29T23:59:59.000000001Z"),
                Instant.parse("1969-12-31T23:59:59.999999999Z")));
        for (int i = 0; i < 10_000; i++) {
            samples.add(Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)), random.nextInt(1_000_000_000)));
        }
        for (Instant t : samples) {
            String text = JobEntities.instantText(t);
            assertThat(text).as("%s", t).isEqualTo(REFERENCE.format(t)).hasSize(30);
            assertThat(JobEntities.parseInstant(text)).isEqualTo(t);
        }
    }

    @Test
    void instantTextOrdersLikeTheInstants() {
        Instant a = Instant.parse("2030-01-01T00:00:09.999999999Z");
        Instant b = Instant.parse("2030-01-01T00:00:10Z");
        Instant c = Instant.parse("2100-01-01T00:00:00Z");
        assertThat(List.of(JobEntities.instantText(a), JobEntities.instantText(b), JobEntities.instantText(c))).isSorted();
    }

    @Test
    void yearsBeyondFourDigitsFallBackToTheFormatterAndStillRoundTrip() {
        for (Instant t : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T00:00:00.5Z"),
                Instant.parse("+999999-12-31T23:59:59.999999999Z"))) {
            assertThat(JobEntities.instantText(t)).isEqualTo(REFERENCE.format(t));
            assertThat(JobEntities.parseInstant(JobEntities.instantText(t))).isEqualTo(t);
        }
    }

    @Test
    void parsesOtherIsoFormsAndRejectsGarbage() {
        assertThat(JobEntities.parseInstant("2030-01-01T00:00:00Z")).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(JobEntities.parseInstant("2030-01-01T00:00:00.5Z")).isEqualTo(Instant.parse("2030-01-01T00:00:00.5Z"));
        assertThat(JobEntities.parseInstant(null)).isNull();
        for (String bad : List.of("2030-02-30T00:00:00.000000000Z", "2030-13-01T00:00:00.000000000Z",
                "2030-01-01T25:00:00.000000000Z", "2030-01-01T00:00:00.00000000xZ", "not an instant")) {
            assertThatThrownBy(() -> JobEntities.parseInstant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
        assertThat(Duration.between(NOW, JobEntities.parseInstant(JobEntities.instantText(NOW)))).isZero();
    }
}
