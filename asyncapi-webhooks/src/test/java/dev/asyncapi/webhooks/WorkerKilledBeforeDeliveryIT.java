package dev.asyncapi.webhooks;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.process.ChildJvm;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.asyncapi.webhooks.TestWebhooks.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker process completes a job and starts its delivery, but is SIGKILLed while the receiver holds that first
 * request unanswered: the completion is recorded, the delivery is not. Another process (this test JVM) with a
 * deliverer on the same PostgreSQL store finds it due once the handoff delay has passed and delivers it, with the
 * same {@code webhook-id}. Takes about the worker's 12 s handoff delay.
 */
@ExtendWith(PostgresExtension.class)
class WorkerKilledBeforeDeliveryIT {

    private final PostgresServer postgres;

    WorkerKilledBeforeDeliveryIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @Test
    void aDeliveryLeftByAKilledWorkerIsSentByAnotherProcessWithTheSameWebhookId() throws Exception {
        String schema = "hooks_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (Receiver receiver = Receiver.start(n -> {
            if (n == 0) {
                firstArrived.countDown();
                try {
                    releaseFirst.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 204;
        }); PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource()).schema(schema).build();
             AsyncJobs client = AsyncJobs.builder().store(store)
                     .submitOnly(DeliveringWorker.TYPE, DeliveringWorker.Num.class).build()) {
            Path log = Path.of("target", "webhooks-it", schema + ".log").toAbsolutePath();
            ChildJvm worker = ChildJvm.start("worker", List.of("-Xmx128m", "-XX:+UseSerialGC"),
                    System.getProperty("java.class.path"), DeliveringWorker.class.getName(),
                    List.of(postgres.jdbcUrl(), postgres.user(), postgres.password(), schema,
                            Integer.toString(receiver.port())), Map.of(), log);
            try {
                await().atMost(PATIENCE).until(() -> worker.log().contains(DeliveringWorker.READY) || !worker.isAlive());
                assertThat(worker.isAlive()).as("worker log:%n%s", worker.log()).isTrue();

                Job job = client.submit(DeliveringWorker.TYPE, new DeliveringWorker.Num(7), SubmitOptions.builder()
                        .callbackUrl(TestWebhooks.callback(receiver.port(), "/hook")).build());
                assertThat(firstArrived.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the worker's first attempt reached the receiver; worker log:%n%s", worker.log()).isTrue();
                worker.kill();
                assertThat(worker.isAlive()).isFalse();
                releaseFirst.countDown();

                Job completed = store.find(job.id()).orElseThrow();
                assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(completed.callback().orElseThrow().state()).as("nothing recorded by the killed worker")
                        .isEqualTo(JobCallback.State.DUE);
                assertThat(completed.callback().orElseThrow().attempts()).isZero();

                try (WebhookDeliverer survivor = TestWebhooks.builder(receiver.port()).build().start(store)) {
                    await().atMost(DeliveringWorker.HANDOFF.plus(PATIENCE)).until(() -> store.find(job.id())
                            .orElseThrow().callback().orElseThrow().state() == JobCallback.State.DELIVERED);
                }
                assertThat(receiver.deliveries()).hasSize(2).allSatisfy(d -> {
                    assertThat(d.webhookId()).isEqualTo("msg_" + job.id());
                    assertThat(d.verifies(TestWebhooks.SECRET)).isTrue();
                });
                assertThat(receiver.deliveries().get(1).receivedAt())
                        .isAfterOrEqualTo(completed.finishedAt().orElseThrow().plus(DeliveringWorker.HANDOFF));
            } finally {
                worker.kill();
            }
        }
    }
}
