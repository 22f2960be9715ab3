package dev.asyncapi.postgres;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.StaleJobVersionException;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes of concurrent callers share statements: creates one multi-row {@code INSERT}, updates one transaction.
 * Each test holds a first write on its connection, lines others up behind it, then lets them go: they must travel
 * together, and each caller must still get its own answer (its version, or its own duplicate or stale error).
 */
@ExtendWith(PostgresExtension.class)
class PostgresWriteBatchesIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PostgresServer postgres;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    PostgresWriteBatchesIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private static Job pending(String key) {
        return JobTransitions.newPending(JobIds.newId(), "t", "{\"n\":1}", "alice", key, T0);
    }

    @Test
    void createsQueuedBehindAnotherGoAsOneInsertAndADuplicateKeyFailsOnlyItsOwnCaller() throws Exception {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("creates")).build()) {
            CountDownLatch release = ds.holdTheNextConnection();
            ds.reset();
            Future<Job> first = callers.submit(() -> store.create(pending(null)));
            await().atMost(WAIT).until(() -> ds.connections.get() == 0 && store.creates().batches() == 1);
            List<Job> asked = List.of(pending("a"), pending("b"), pending("c"), pending("same"), pending("same"));
            List<Future<Job>> queued = new ArrayList<>();
            for (Job job : asked) {
                queued.add(callers.submit(() -> store.create(job)));
            }
            await().atMost(WAIT).until(() -> store.creates().queued() == asked.size());

            release.countDown();

            Job firstCreated = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(store.find(firstCreated.id()).orElseThrow().version()).isEqualTo(firstCreated.version());
            List<Job> created = new ArrayList<>();
            List<Throwable> failed = new ArrayList<>();
            for (Future<Job> f : queued) {
                try {
                    created.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failed.add(e.getCause());
                }
            }
            assertThat(failed).as("the second job with key 'same'").singleElement()
                    .isInstanceOf(DuplicateJobException.class);
            assertThat(created).hasSize(4).allSatisfy(job -> assertThat(store.find(job.id()).orElseThrow().version())
                    .as("the version returned is the row's").isEqualTo(job.version()));
            assertThat(store.creates().batches()).as("the held create, then the five lined up behind it").isEqualTo(2);
            // the multi-row insert skipped the duplicate; creating it alone gave its caller the precise error
            assertThat(ds.count("INSERT")).isEqualTo(3);
        }
    }

    @Test
    void updatesQueuedBehindAnotherGoInOneTransactionAndAStaleOneFailsOnlyItsOwnCaller() throws Exception {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("updates")).build()) {
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(store.create(pending(null)));
            }
            // the creates' announcements must not take the held connection
            assertThat(store.notifier().awaitSent(WAIT)).isTrue();
            CountDownLatch release = ds.holdTheNextConnection();
            ds.reset();
            Future<Job> first = callers.submit(() -> store.update(claim(jobs.get(0))));
            await().atMost(WAIT).until(() -> store.updates().batches() == 1);
            List<Future<Job>> queued = new ArrayList<>();
            for (Job job : jobs.subList(1, 4)) {
                queued.add(callers.submit(() -> store.update(claim(job))));
            }
            // a second write of job 1 from the same version: one of the two must lose
            Future<Job> rival = callers.submit(() -> store.update(JobTransitions.withProgress(claim(jobs.get(1)),
                    T0.plusSeconds(1), "{\"p\":1}")));
            await().atMost(WAIT).until(() -> store.updates().queued() == 4);

            release.countDown();

            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(JobStatus.RUNNING);
            assertThat(queued.get(1).get(WAIT.toSeconds(), TimeUnit.SECONDS).version())
                    .isEqualTo(store.find(jobs.get(2).id()).orElseThrow().version());
            assertThat(queued.get(2).get(WAIT.toSeconds(), TimeUnit.SECONDS).version())
                    .isEqualTo(store.find(jobs.get(3).id()).orElseThrow().version());
            List<Object> job1 = new ArrayList<>();
            for (Future<Job> f : List.of(queued.get(0), rival)) {
                try {
                    job1.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    job1.add(e.getCause());
                }
            }
            assertThat(job1).as("job 1: one write won, the other was stale").hasSize(2)
                    .filteredOn(o -> o instanceof StaleJobVersionException).hasSize(1);
            Job won = (Job) job1.stream().filter(o -> o instanceof Job).findFirst().orElseThrow();
            assertThat(store.find(won.id()).orElseThrow().version()).isEqualTo(won.version());
            assertThat(store.updates().batches()).as("the held update, then the four lined up behind it").isEqualTo(2);
            assertThat(ds.count("UPDATE")).as("one statement alone, one JDBC batch").isEqualTo(2);
        }
    }

    @Test
    void manyWritersAtOnceEachGetTheirOwnJobAndVersionAndNothingIsLost() throws Exception {
        int writers = 16;
        int jobsEach = 25;
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource())
                .schema(TestSchemas.unique("many")).build()) {
            List<Future<List<Job>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                results.add(callers.submit(() -> {
                    List<Job> done = new ArrayList<>();
                    for (int i = 0; i < jobsEach; i++) {
                        Job running = store.update(claim(store.create(pending(null))));
                        done.add(store.update(JobTransitions.complete(running, T0.plusSeconds(1), "1")));
                    }
                    return done;
                }));
            }
            List<Job> completed = new ArrayList<>();
            for (Future<List<Job>> f : results) {
                completed.addAll(f.get(2, TimeUnit.MINUTES));
            }

            assertThat(completed).hasSize(writers * jobsEach)
                    .extracting(Job::id).doesNotHaveDuplicates();
            for (Job job : completed) {
                Job stored = store.find(job.id()).orElseThrow();
                assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(stored.version()).as("the version its writer was given").isEqualTo(job.version());
            }
            assertThat(store.creates().requests()).isEqualTo(writers * jobsEach);
            assertThat(store.updates().requests()).isEqualTo(2L * writers * jobsEach);
        }
    }

    private static Job claim(Job job) {
        return JobTransitions.claim(job, "w", T0, T0.plusSeconds(30));
    }
}
