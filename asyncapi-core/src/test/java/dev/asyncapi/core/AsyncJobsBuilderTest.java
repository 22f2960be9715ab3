package dev.asyncapi.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncJobsBuilderTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private static final JobHandler<Count, Doubled> DOUBLE = (in, ctx) -> new Doubled(in.n() * 2);

    @Test
    void rejectsOutOfRangeNumbersNamingSettingAndValue() {
        assertThatThrownBy(() -> AsyncJobs.builder().workers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers").hasMessageContaining("0");
        assertThatThrownBy(() -> AsyncJobs.builder().queueCapacity(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity").hasMessageContaining("-1");
        assertThatThrownBy(() -> AsyncJobs.builder().claimBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimBatchSize");
    }

    @Test
    void rejectsTooShortDurationsNamingSettingAndValue() {
        assertThatThrownBy(() -> AsyncJobs.builder().leaseDuration(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseDuration").hasMessageContaining("PT0.099S");
        assertThatThrownBy(() -> AsyncJobs.builder().sweepInterval(Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepInterval").hasMessageContaining("PT0.009S");
        assertThatThrownBy(() -> AsyncJobs.builder().awaitPollInterval(Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("awaitPollInterval");
        assertThatThrownBy(() -> AsyncJobs.builder().progressInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("progressInterval");
        assertThatThrownBy(() -> AsyncJobs.builder().retention(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention").hasMessageContaining("PT0.999S");
        assertThatThrownBy(() -> AsyncJobs.builder().shutdownTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout");
        assertThatThrownBy(() -> AsyncJobs.builder().leaseDuration(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("leaseDuration");
    }

    @Test
    void rejectsBlankOrLongWorkerId() {
        assertThatThrownBy(() -> AsyncJobs.builder().workerId(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerId");
        assertThatThrownBy(() -> AsyncJobs.builder().workerId("w".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("www");
    }

    @Test
    void refusesASettingMadeTwiceNamingTheOldValue() {
        assertThatThrownBy(() -> AsyncJobs.builder().workers(3).workers(4))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("workers was already set to 3");
        assertThatThrownBy(() -> AsyncJobs.builder().leaseDuration(Duration.ofSeconds(5)).leaseDuration(Duration.ofSeconds(6)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("leaseDuration was already set to PT5S");
        assertThatThrownBy(() -> AsyncJobs.builder().store(new InMemoryJobStore()).store(new InMemoryJobStore()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("store was already set");
        assertThatThrownBy(() -> AsyncJobs.builder().objectMapper(new ObjectMapper()).objectMapper(new ObjectMapper()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("objectMapper");
        assertThatThrownBy(() -> AsyncJobs.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> AsyncJobs.builder().workerId("a").workerId("b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("workerId was already set to a");
        assertThatThrownBy(() -> AsyncJobs.builder().retention(Duration.ofHours(1)).keepJobsForever())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retention was already set to PT1H");
        assertThatThrownBy(() -> AsyncJobs.builder().keepJobsForever().retention(Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keep forever");
    }

    @Test
    void refusesATypeRegisteredTwice() {
        assertThatThrownBy(() -> AsyncJobs.builder().register("double", Count.class, Doubled.class, DOUBLE)
                .register("double", Count.class, Doubled.class, DOUBLE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("double");
    }

    @Test
    void refusesToBuildWithoutAJobType() {
        assertThatThrownBy(() -> AsyncJobs.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("register");
    }

    @Test
    void buildsWithTheGivenSettings() {
        AsyncJobs jobs = engines.start(b -> b.register("double", Count.class, Doubled.class, DOUBLE)
                .register("triple", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 3))
                .workerId("worker-a").leaseDuration(Duration.ofSeconds(9)));

        assertThat(jobs.types()).containsExactly("double", "triple");
        assertThat(jobs.isRegistered("double")).isTrue();
        assertThat(jobs.isRegistered("quadruple")).isFalse();
        assertThat(jobs.workerId()).isEqualTo("worker-a");
        assertThat(jobs.leaseDuration()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void defaultWorkersIsAtLeastFour() {
        assertThat(AsyncJobs.defaultWorkers()).isGreaterThanOrEqualTo(4);
    }
}
