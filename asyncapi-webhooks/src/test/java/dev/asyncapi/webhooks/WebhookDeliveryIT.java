package dev.asyncapi.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobFailedException;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

import static dev.asyncapi.webhooks.TestWebhooks.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deliveries to a real receiver on loopback, from an engine that writes through the deliverer's store. */
class WebhookDeliveryIT {

    record In(String text) {
    }

    record Out(String upper) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final CountDownLatch release = new CountDownLatch(1);
    private Receiver receiver;
    private AsyncJobs jobs;

    private void start(IntPolicy policy, UnaryOperator<Webhooks.Builder> settings) {
        receiver = Receiver.start(policy::status);
        open.add(receiver);
        WebhookDeliverer deliverer = settings.apply(TestWebhooks.builder(receiver.port())).build().start(store);
        open.add(deliverer);
        jobs = AsyncJobs.builder().store(deliverer.store()).workers(2)
                .register("upper", In.class, Out.class, (in, ctx) -> {
                    if (in.text().equals("fail")) {
                        throw new JobFailedException("Refused", "no thanks");
                    }
                    if (in.text().equals("block")) {
                        release.await();
                    }
                    return new Out(in.text().toUpperCase());
                }).build();
        open.add(0, jobs);
    }

    @FunctionalInterface
    interface IntPolicy {
        int status(int n);
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Job submit(String text) {
        return jobs.submit("upper", new In(text),
                SubmitOptions.builder().callbackUrl(TestWebhooks.callback(receiver.port(), "/done?token=t1")).build());
    }

    private Job awaitCallback(String id, JobCallback.State state) {
        await().atMost(PATIENCE).until(() -> store.find(id).flatMap(Job::callback)
                .map(c -> c.state() == state).orElse(false));
        return store.find(id).orElseThrow();
    }

    @Test
    void aCompletedJobsEventArrivesSignedWithItsStatusUrlAndNeitherInputNorResult() throws Exception {
        start(n -> 204, b -> b);
        Job job = submit("secret input");

        Job delivered = awaitCallback(job.id(), JobCallback.State.DELIVERED);

        assertThat(delivered.callback().orElseThrow().attempts()).isEqualTo(1);
        assertThat(receiver.deliveries()).hasSize(1);
        Receiver.Delivery d = receiver.deliveries().get(0);
        assertThat(d.webhookId()).isEqualTo("msg_" + job.id());
        assertThat(d.verifies(TestWebhooks.SECRET)).as("signature %s", d.signature()).isTrue();
        assertThat(d.verifies("whsec_" + "A".repeat(32))).isFalse();
        assertThat(Long.parseLong(d.timestamp())).isCloseTo(d.receivedAt().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        JsonNode body = JSON.readTree(d.body());
        assertThat(body.path("type").asText()).isEqualTo("job.completed");
        assertThat(body.path("data").path("id").asText()).isEqualTo(job.id());
        assertThat(body.path("data").path("status").asText()).isEqualTo("Completed");
        assertThat(body.path("data").path("statusUri").asText()).isEqualTo("https://api.example.com/jobs/" + job.id());
        assertThat(body.path("data").has("result")).isFalse();
        assertThat(d.body()).doesNotContain("secret input").doesNotContain("SECRET INPUT");
    }

    @Test
    void failedAndTerminatedJobsAreDeliveredToo() throws Exception {
        start(n -> 200, b -> b);
        Job failed = submit("fail");
        Job blocked = submit("block");
        await().atMost(PATIENCE).until(() -> jobs.find(blocked.id()).orElseThrow().status() == JobStatus.RUNNING);
        jobs.terminate(blocked.id(), "stop");

        awaitCallback(failed.id(), JobCallback.State.DELIVERED);
        awaitCallback(blocked.id(), JobCallback.State.DELIVERED);

        assertThat(JSON.readTree(receiver.deliveriesOf(failed.id()).get(0).body()).path("type").asText())
                .isEqualTo("job.failed");
        assertThat(JSON.readTree(receiver.deliveriesOf(blocked.id()).get(0).body()).path("data").path("status").asText())
                .isEqualTo("Terminated");
    }

    @Test
    void theResultIsInTheEventOnlyWhenTheServiceIncludesResults() throws Exception {
        start(n -> 200, b -> b.includeResult(true));
        Job job = submit("hello");

        awaitCallback(job.id(), JobCallback.State.DELIVERED);

        assertThat(JSON.readTree(receiver.deliveriesOf(job.id()).get(0).body()).path("data").path("result")
                .path("upper").asText()).isEqualTo("HELLO");
    }

    @Test
    void redirectsAndErrorsAreRetriedWithTheSameWebhookIdAndRedirectsAreNotFollowed() {
        start(n -> n == 0 ? 307 : n == 1 ? 503 : 200, b -> b);
        Job job = submit("retry me");

        Job delivered = awaitCallback(job.id(), JobCallback.State.DELIVERED);

        assertThat(delivered.callback().orElseThrow().attempts()).isEqualTo(3);
        assertThat(receiver.deliveries()).hasSize(3).allSatisfy(d -> {
            assertThat(d.webhookId()).isEqualTo("msg_" + job.id());
            assertThat(d.verifies(TestWebhooks.SECRET)).isTrue();
        });
    }

    @Test
    void aDeliveryIsAbandonedOnceItsRetryPeriodIsOver() {
        start(n -> 500, b -> b.retryFor(Duration.ofSeconds(1)));
        Job job = submit("never accepted");

        Job abandoned = awaitCallback(job.id(), JobCallback.State.ABANDONED);

        assertThat(abandoned.callback().orElseThrow().attempts()).isGreaterThanOrEqualTo(2)
                .isEqualTo(receiver.deliveriesOf(job.id()).size());
        assertThat(store.findDeliveriesDue(java.time.Instant.now().plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void aJobWithoutACallbackSendsNothing() throws Exception {
        start(n -> 200, b -> b);
        Job plain = jobs.submit("upper", new In("quiet"));
        Job withCallback = submit("loud");

        awaitCallback(withCallback.id(), JobCallback.State.DELIVERED);
        assertThat(jobs.await(plain.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);

        assertThat(receiver.deliveries()).extracting(Receiver.Delivery::webhookId)
                .containsExactly("msg_" + withCallback.id());
    }
}
