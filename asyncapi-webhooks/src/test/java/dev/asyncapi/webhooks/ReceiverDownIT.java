package dev.asyncapi.webhooks;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver is down for 30 s after the job ends: its port refuses connections for the first 20 s, then it is
 * up but answers 503 until 30 s have passed, then 200. The event arrives, with the same {@code webhook-id} on every
 * try it saw. Takes about 30 s by design.
 */
class ReceiverDownIT {

    record In(int n) {
    }

    private static final Duration CLOSED = Duration.ofSeconds(20);
    private static final Duration DOWN = Duration.ofSeconds(30);

    @Test
    void aReceiverDownFor30SecondsGetsTheEventOnceUpWithOneWebhookIdOnEveryTry() throws Exception {
        int port;
        try (Receiver probe = Receiver.accepting()) {
            port = probe.port();
        }
        InMemoryJobStore store = new InMemoryJobStore();
        try (WebhookDeliverer deliverer = TestWebhooks.builder(port).build().start(store);
             AsyncJobs jobs = AsyncJobs.builder().store(deliverer.store())
                     .register("n", In.class, In.class, (in, ctx) -> in).build()) {
            Job job = jobs.submit("n", new In(1), SubmitOptions.builder()
                    .callbackUrl(TestWebhooks.callback(port, "/hook")).build());
            Instant ended = jobs.await(job.id(), TestWebhooks.PATIENCE).finishedAt().orElseThrow();

            // connection refused meanwhile: each attempt is recorded, the delivery stays due
            await().atMost(CLOSED.plus(TestWebhooks.PATIENCE)).until(() -> Instant.now().isAfter(ended.plus(CLOSED))
                    && store.find(job.id()).orElseThrow().callback().orElseThrow().attempts() >= 3);
            int refused = store.find(job.id()).orElseThrow().callback().orElseThrow().attempts();
            assertThat(refused).as("attempts while the port was closed").isGreaterThanOrEqualTo(3);
            assertThat(store.find(job.id()).orElseThrow().callback().orElseThrow().state())
                    .isEqualTo(JobCallback.State.DUE);

            try (Receiver receiver = Receiver.start(n -> Instant.now().isBefore(ended.plus(DOWN)) ? 503 : 200, port)) {
                await().atMost(DOWN.plus(TestWebhooks.PATIENCE)).until(() -> store.find(job.id()).orElseThrow()
                        .callback().orElseThrow().state() == JobCallback.State.DELIVERED);

                Job delivered = store.find(job.id()).orElseThrow();
                assertThat(receiver.deliveries()).as("tries the receiver saw").hasSizeGreaterThanOrEqualTo(2)
                        .allSatisfy(d -> {
                            assertThat(d.webhookId()).isEqualTo("msg_" + job.id());
                            assertThat(d.verifies(TestWebhooks.SECRET)).isTrue();
                        });
                Receiver.Delivery accepted = receiver.deliveries().get(receiver.deliveries().size() - 1);
                assertThat(accepted.receivedAt()).isAfterOrEqualTo(ended.plus(DOWN));
                // every try is recorded: the refused connections and every request the receiver saw
                assertThat(delivered.callback().orElseThrow().attempts())
                        .isGreaterThanOrEqualTo(refused + receiver.deliveries().size());
            }
        }
    }
}
