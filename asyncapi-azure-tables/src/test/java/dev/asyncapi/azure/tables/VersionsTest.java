package dev.asyncapi.azure.tables;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class VersionsTest {

    private static final String ETAG = "W/\"datetime'2030-01-01T00%3A00%3A00.1234567Z'\"";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void carriesTheDueMillisecondOfAPendingOrRunningJob() {
        Job pending = JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, NOW).toBuilder()
                .notBefore(NOW.plusSeconds(5)).build();
        String version = Versions.of(pending, ETAG);
        assertThat(version).isEqualTo(NOW.plusSeconds(5).toEpochMilli() + ";" + ETAG);
        assertThat(Versions.dueMillis(version)).isEqualTo(OptionalLong.of(NOW.plusSeconds(5).toEpochMilli()));
        assertThat(Versions.etag(version)).isEqualTo(ETAG);

        Job running = JobTransitions.claim(pending, "w", NOW.plusSeconds(5), NOW.plusSeconds(35));
        assertThat(Versions.dueMillis(Versions.of(running, ETAG))).hasValue(NOW.plusSeconds(35).toEpochMilli());
    }

    @Test
    void aFinishedJobHasNoDueMillisecond() {
        Job running = JobTransitions.claim(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, NOW),
                "w", NOW, NOW.plus(Duration.ofSeconds(30)));
        Job done = JobTransitions.complete(running, NOW.plusSeconds(1), "{}");
        String version = Versions.of(done, ETAG);
        assertThat(version).isEqualTo("-;" + ETAG);
        assertThat(Versions.dueMillis(version)).isEmpty();
        assertThat(Versions.etag(version)).isEqualTo(ETAG);
    }

    @Test
    void anETagMayItselfContainTheSeparator() {
        assertThat(Versions.etag("12;W/\"a;b\"")).isEqualTo("W/\"a;b\"");
        assertThat(Versions.dueMillis("12;W/\"a;b\"")).hasValue(12);
    }

    @Test
    void refusesVersionsOfOtherStores() {
        for (String bad : new String[] {"", "abc", ";etag", "12;"}) {
            assertThatIllegalArgumentException().as("'%s'", bad).isThrownBy(() -> Versions.etag(bad))
                    .withMessageContaining("not a version of this store");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> Versions.dueMillis("x1;etag"));
    }

    @Test
    void repairsAzuritesUnterminatedWeakETagsOnly() {
        assertThat(Versions.fromHeader("W/\"datetime'2030'")).isEqualTo("W/\"datetime'2030'\"");
        assertThat(Versions.fromHeader(ETAG)).isEqualTo(ETAG);
        assertThat(Versions.fromHeader("\"strong\"")).isEqualTo("\"strong\"");
        assertThatIllegalStateException().isThrownBy(() -> Versions.fromHeader(null)).withMessageContaining("without an ETag");
        assertThatIllegalStateException().isThrownBy(() -> Versions.fromHeader(""));
    }
}
