package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobCallbackTest {

    private static final URI URL = URI.create("https://hooks.example.com/done?token=secret");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void movesFromWaitingToDueToDeliveredCountingAttempts() {
        JobCallback due = JobCallback.requested(URL).due(T0);
        JobCallback retried = due.retryAt(T0.plusSeconds(5));

        assertThat(due.isDueAt(T0)).isTrue();
        assertThat(retried.isDueAt(T0.plusSeconds(4))).isFalse();
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.delivered()).isEqualTo(new JobCallback(URL, JobCallback.State.DELIVERED, 2, Optional.empty()));
        assertThat(retried.abandoned().state()).isEqualTo(JobCallback.State.ABANDONED);
    }

    @Test
    void refusesMovesOutOfOrder() {
        assertThatIllegalStateException().isThrownBy(() -> JobCallback.requested(URL).delivered())
                .withMessage("a WAITING callback cannot be delivered");
        assertThatIllegalStateException().isThrownBy(() -> JobCallback.requested(URL).due(T0).due(T0))
                .withMessage("a DUE callback cannot become due");
    }

    @Test
    void refusesUrlsThatAreNotAbsoluteHttpWithAHost() {
        for (String bad : new String[] {"ftp://a.example/x", "/relative", "https:///nohost", "https://u:p@a.example/",
                "https://a.example/#frag"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> JobCallback.checkUrl(URI.create(bad)));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> SubmitOptions.builder()
                .callbackUrl(URI.create("https://a.example/" + "x".repeat(JobCallback.MAX_URL_LENGTH))))
                .withMessageContaining("at most 2048 characters");
    }

    @Test
    void aJobHoldsAWaitingCallbackOnlyWhileItIsNotTerminal() {
        Job pending = Job.builder().id("0123456789abcdef0123456789abcdef").type("t").inputJson("{}")
                .status(JobStatus.PENDING).createdAt(T0).callback(JobCallback.requested(URL)).build();

        assertThatIllegalArgumentException().isThrownBy(() -> pending.toBuilder().status(JobStatus.COMPLETED)
                .outputJson("{}").finishedAt(T0).build()).withMessageContaining("cannot have a WAITING callback");
        assertThatIllegalArgumentException().isThrownBy(() -> pending.toBuilder()
                .callback(JobCallback.requested(URL).due(T0)).build()).withMessageContaining("cannot have a DUE callback");
    }

    @Test
    void toStringLeavesOutTheUrlsPathAndQuery() {
        assertThat(JobCallback.requested(URL).toString()).contains("hooks.example.com").doesNotContain("secret");
    }
}
