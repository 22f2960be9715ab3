package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobWatch;
import dev.asyncapi.core.JobWatcher;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change feed across processes: worker process "b" runs type {@value #TYPE} on an engine whose sweep interval
 * is an hour (its first sweep would come an hour after start), and the test JVM holds a client-only engine whose
 * await poll interval is an hour. A job submitted by the client can then only start on "b" because the store's
 * {@code LISTEN/NOTIFY} feed told "b" it was due, and an await or watch in the test JVM can only end early because
 * the feed told the client the job changed. Awaits are given 10 minutes, so their deadline cannot end them either:
 * each answer that comes back within the test's bound came from a notification.
 */
@ExtendWith(PostgresExtension.class)
class CrossProcessWakeIT {

    private static final String TYPE = "wake";
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AWAIT = Duration.ofMinutes(10);
    private static final long BOUND_SECONDS = 60;
    private static final int BURST = 12;

    private final PostgresServer postgres;

    CrossProcessWakeIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    /** Every snapshot a watch delivered, and a latch on the terminal one. */
    private static final class Snapshots implements JobWatcher {
        final List<Job> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch terminal = new CountDownLatch(1);

        @Override
        public void onSnapshot(Job job) {
            seen.add(job);
            if (job.status().isTerminal()) {
                terminal.countDown();
            }
        }
    }

    @Test
    void aJobSubmittedHereStartsOnAnIdleWorkerProcessOnlyThroughTheFeedAndItsAwaitAndWatchWakeWhenItEnds()
            throws Exception {
        String schema = Setup.schema("wake");
        Path dir = Setup.workDir(schema);
        DataSource admin = postgres.dataSource();
        try (PostgresJobStore store = Setup.store(postgres, schema, "client")) {
            Transitions.install(admin, schema);
            try (AsyncJobs client = AsyncJobs.builder().store(store).submitOnly(TYPE, PgWorker.Work.class)
                         .awaitPollInterval(NEVER).build();
                 WorkerProcess b = WorkerProcess.start(dir, postgres, schema, "b",
                         new PgWorker.EngineSpec(TYPE, 2, Duration.ofSeconds(30), NEVER, 0))) {
                b.awaitReady();
                // b's feed listens before the first write, so no notification can be lost to a start-up race; the
                // client's opens when it first follows a job
                FeedProbe.awaitListening(admin, PgWorker.listenerName("b"), Duration.ofSeconds(60));

                // one job held by a gate in b: the await and watch start while it runs, so they must be woken
                String gated = client.submit(TYPE, new PgWorker.Work(0, true)).id();
                await().atMost(Duration.ofSeconds(BOUND_SECONDS))
                        .until(() -> b.runs().stream().anyMatch(e -> e.isStart() && e.jobId().equals(gated)));
                Job running = client.find(gated).orElseThrow();
                assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
                assertThat(running.lease()).map(l -> l.workerId()).contains(PgWorker.engineId("b", TYPE));

                CompletableFuture<Job> awaited = client.awaitAsync(gated, AWAIT);
                Snapshots snapshots = new Snapshots();
                JobWatch watch = client.watch(gated, snapshots);
                Job done;
                try {
                    assertThat(awaited).as("the await of a job still held by its gate").isNotDone();
                    assertThat(snapshots.seen).as("the watch's first snapshot, read before watch() returned")
                            .first().extracting(Job::status).isEqualTo(JobStatus.RUNNING);
                    FeedProbe.awaitListening(admin, PgWorker.listenerName("client"), Duration.ofSeconds(60));
                    b.release();
                    done = awaited.get(BOUND_SECONDS, TimeUnit.SECONDS);
                    assertThat(snapshots.terminal.await(BOUND_SECONDS, TimeUnit.SECONDS))
                            .as("the watch received the terminal snapshot").isTrue();
                } finally {
                    watch.close();
                }
                assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(client.output(done, PgWorker.Done.class)).contains(new PgWorker.Done("b", TYPE));
                Job lastWatched = snapshots.seen.get(snapshots.seen.size() - 1);
                assertThat(lastWatched.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(lastWatched.version()).isEqualTo(done.version());

                // a burst larger than b's two workers: each notification that finds b busy is dropped, and the
                // engine must still start every job without the sweep
                List<String> burst = new ArrayList<>();
                for (int i = 0; i < BURST; i++) {
                    burst.add(client.submit(TYPE, new PgWorker.Work(100, false)).id());
                }
                List<CompletableFuture<Job>> burstAwaits = burst.stream().map(id -> client.awaitAsync(id, AWAIT)).toList();
                for (int i = 0; i < BURST; i++) {
                    Job job = burstAwaits.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS);
                    assertThat(job.status()).as("status of burst job %s", burst.get(i)).isEqualTo(JobStatus.COMPLETED);
                }
                assertThat(b.stop()).as("exit code of %s; its log:%n%s", b, b.log()).isZero();

                List<String> all = new ArrayList<>(burst);
                all.add(gated);
                List<Transitions.Write> writes = Transitions.all(admin, schema);
                Map<String, List<Transitions.Write>> byJob = Transitions.byJob(writes);
                Map<String, List<RunEvent>> runs = Setup.eventsByJob(List.of(b));
                for (String id : all) {
                    List<Transitions.Write> w = byJob.get(id);
                    assertThat(w).as("writes of %s", id).isNotNull();
                    assertThat(w.stream().filter(Transitions.Write::isClaim)).as("claims of %s", id).hasSize(1)
                            .allSatisfy(c -> assertThat(c.newOwner()).isEqualTo(PgWorker.engineId("b", TYPE)));
                    assertThat(w.stream().filter(Transitions.Write::isOutcome)).as("outcomes of %s", id).hasSize(1)
                            .allSatisfy(o -> assertThat(o.newStatus()).isEqualTo("Completed"));
                    assertThat(runs.get(id)).as("handler runs of %s", id).extracting(RunEvent::event)
                            .containsExactly(RunEvent.START, RunEvent.END);
                }
                System.out.printf("cross-process wake: %d jobs submitted in the test JVM, all started by worker "
                                + "process b (sweep interval %s) and awaited here (poll interval %s): %d claims, %d "
                                + "outcomes, %d handler starts; the gated job's watch saw %d snapshots %s%n",
                        all.size(), NEVER, NEVER, writes.stream().filter(Transitions.Write::isClaim).count(),
                        writes.stream().filter(Transitions.Write::isOutcome).count(),
                        b.runs().stream().filter(RunEvent::isStart).count(), snapshots.seen.size(),
                        snapshots.seen.stream().map(j -> j.status().wireName()).toList());
            }
        }
    }
}
