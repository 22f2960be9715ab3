package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The database restarted while jobs run: two worker processes (4 workers each, a 10 s lease, 200 ms sweeps) run
 * jobs from the test JVM on a server of this test's own. The first {@value #GATED} jobs wait in their handlers
 * for a gate, so both processes have all their workers busy ({@value #JOBS} more jobs wait Pending) when the server
 * is stopped (PostgreSQL's fast shutdown ends every connection); the gates open during the outage, so 8 runs end
 * while nothing can be written. Once both workers have met the outage (their change feed lost its connection and a
 * finished run could not record its outcome), the server starts again on the same port and data.
 *
 * <p>Afterwards every job is Completed, each by one outcome write ({@link Transitions}), none written after it,
 * and any takeover came after the lease it replaced had expired. The change feed recovers in each process: each
 * worker process also runs an engine of its own type with an hour-long sweep, and the test JVM's client awaits
 * with an hour-long poll, so a job of that type submitted after the restart, and its await, finish only through
 * the re-established {@code LISTEN}. The workers' own live thread counts after recovery stay within
 * {@value #THREAD_SLACK} of their count before the outage, plus the handler threads their pools may still add
 * (two per worker: one runs a job while the other records the previous outcome; before the outage the gated runs
 * held one each).
 */
class DatabaseRestartIT {

    private static final String TYPE = "work";
    private static final int GATED = 8;
    private static final int JOBS = 24;
    private static final long WORK_MILLIS = 200;
    private static final int WORKERS = 4;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration SWEEP = Duration.ofMillis(200);
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration AWAIT = Duration.ofMinutes(10);
    private static final long BOUND_SECONDS = 60;
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);
    private static final int THREAD_SLACK = 4;
    /** Handler threads a worker process may add after the outage: its engines' pools grow to two per worker. */
    private static final int HANDLER_THREADS_TO_GROW = WORKERS + 1;

    private static String wakeType(String worker) {
        return "wake-" + worker;
    }

    private static WorkerProcess worker(Path dir, PostgresServer server, String schema, String id) {
        return WorkerProcess.start(dir, server, schema, id, new PgWorker.EngineSpec(TYPE, WORKERS, LEASE, SWEEP, 0),
                new PgWorker.EngineSpec(wakeType(id), 1, LEASE, NEVER, 0));
    }

    @Test
    void afterARestartMidRunEveryJobCompletesOnceTheFeedListensAgainAndNoThreadsLeak() throws Exception {
        String schema = Setup.schema("restart");
        Path dir = Setup.workDir(schema);
        try (PostgresServer server = PostgresServer.start()) {
            DataSource admin = server.dataSource();
            try (PostgresJobStore store = Setup.store(server, schema, "client")) {
                Transitions.install(admin, schema);
                try (AsyncJobs client = AsyncJobs.builder().store(store).submitOnly(TYPE, PgWorker.Work.class)
                             .submitOnly(wakeType("a"), PgWorker.Work.class)
                             .submitOnly(wakeType("b"), PgWorker.Work.class)
                             .awaitPollInterval(NEVER).build();
                     WorkerProcess a = worker(dir, server, schema, "a");
                     WorkerProcess b = worker(dir, server, schema, "b")) {
                    List<WorkerProcess> workers = List.of(a, b);
                    a.awaitReady();
                    b.awaitReady();
                    // the client's feed opens with its first await, in wakeEach
                    awaitFeeds(admin, "a", "b");
                    assertThat(wakeEach(client)).as("wake jobs before the restart").hasSize(2);

                    // one gated job per worker slot: 4 held in each process, as neither runs more than 4 at once
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < GATED; i++) {
                        ids.add(client.submit(TYPE, new PgWorker.Work(0, true)).id());
                    }
                    await().atMost(MAX_WAIT).until(() -> a.inFlight().size() == WORKERS && b.inFlight().size() == WORKERS);
                    for (int i = 0; i < JOBS; i++) {
                        ids.add(client.submit(TYPE, new PgWorker.Work(WORK_MILLIS, false)).id());
                    }
                    WorkerProcess.Threads aBefore = a.threads();
                    WorkerProcess.Threads bBefore = b.threads();
                    int aLog = a.log().length();
                    int bLog = b.log().length();
                    Instant stopped = Instant.now();
                    server.stop();
                    // the held runs end now, with the server down
                    a.release();
                    b.release();

                    assertThatThrownBy(() -> client.find(ids.get(0))).isInstanceOf(JobStoreUnavailableException.class);
                    await().atMost(MAX_WAIT).until(() -> metTheOutage(a.log().substring(aLog))
                            && metTheOutage(b.log().substring(bLog)));
                    assertThat(a.isAlive()).isTrue();
                    assertThat(b.isAlive()).isTrue();
                    WorkerProcess.Threads aDuring = a.threads();
                    WorkerProcess.Threads bDuring = b.threads();
                    server.startAgain();
                    Instant restarted = Instant.now();

                    await().atMost(MAX_WAIT).pollInterval(Duration.ofMillis(250))
                            .until(() -> Setup.count(client, JobStatus.COMPLETED) == GATED + JOBS + 2);
                    awaitFeeds(admin, "a", "b", "client");
                    List<Job> wokenAfter = wakeEach(client);
                    WorkerProcess.Threads aAfter = a.threads();
                    WorkerProcess.Threads bAfter = b.threads();
                    assertThat(a.stop()).as("exit code of %s; its log:%n%s", a, a.log()).isZero();
                    assertThat(b.stop()).as("exit code of %s; its log:%n%s", b, b.log()).isZero();

                    List<Transitions.Write> writes = Transitions.all(admin, schema);
                    Map<String, List<Transitions.Write>> byJob = Transitions.byJob(writes);
                    Map<String, List<RunEvent>> runs = Setup.eventsByJob(workers);
                    int duplicateRuns = 0;
                    int endedDuringOutage = 0;
                    for (String id : ids) {
                        Job job = client.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
                        assertThat(job.status()).as("status of %s", id).isEqualTo(JobStatus.COMPLETED);
                        List<Transitions.Write> w = byJob.get(id);
                        assertThat(w.stream().filter(Transitions.Write::isOutcome)).as("outcome writes of %s", id)
                                .hasSize(1);
                        assertThat(w.stream().filter(Transitions.Write::changesATerminalJob))
                                .as("writes to %s after its outcome", id).isEmpty();
                        List<RunEvent> jobRuns = runs.getOrDefault(id, List.of());
                        long starts = jobRuns.stream().filter(RunEvent::isStart).count();
                        assertThat(starts).as("handler starts of %s, one per claim", id)
                                .isEqualTo(w.stream().filter(Transitions.Write::isClaim).count());
                        duplicateRuns += (int) starts - 1;
                        endedDuringOutage += (int) jobRuns.stream().filter(RunEvent::isEnd)
                                .filter(e -> e.atMillis() >= stopped.toEpochMilli()
                                        && e.atMillis() < restarted.toEpochMilli()).count();
                    }
                    List<Transitions.Write> takeovers = writes.stream().filter(Transitions.Write::isTakeover).toList();
                    for (Transitions.Write t : takeovers) {
                        assertThat(t.newUpdatedAt()).as("claim instant of takeover %s", t).isAfterOrEqualTo(t.oldLeaseEnds());
                        assertThat(t.at()).as("database time of takeover %s", t).isAfterOrEqualTo(t.oldLeaseEnds());
                    }
                    assertThat(duplicateRuns).as("handler runs beyond one per job: one per takeover")
                            .isEqualTo(takeovers.size());
                    assertThat(endedDuringOutage).as("runs that ended while the server was down").isEqualTo(GATED);
                    assertThat(wokenAfter).as("wake jobs after the restart").hasSize(2);
                    assertThat(aAfter.count()).as("live threads of a after the restart (before: %s; after: %s)",
                            aBefore.names(), aAfter.names())
                            .isLessThanOrEqualTo(aBefore.count() + THREAD_SLACK + HANDLER_THREADS_TO_GROW);
                    assertThat(bAfter.count()).as("live threads of b after the restart (before: %s; after: %s)",
                            bBefore.names(), bAfter.names())
                            .isLessThanOrEqualTo(bBefore.count() + THREAD_SLACK + HANDLER_THREADS_TO_GROW);
                    String logs = a.log() + b.log();
                    System.out.printf("database restart: %d jobs (%d held by a gate, %d of %d ms) on 2 processes x %d "
                                    + "workers, lease %d s; server down %d ms with %d runs started before it, %d runs "
                                    + "ended during it; "
                                    + "outcome writes %d for %d jobs, takeovers %d, duplicate runs %d; outcome "
                                    + "retries logged %d, lease-renewal failures logged %d, feed reconnects logged "
                                    + "%d; wake jobs through the feed after the restart %d of 2; live threads "
                                    + "before/during/after: a %d/%d/%d, b %d/%d/%d%n",
                            ids.size(), GATED, JOBS, WORK_MILLIS, WORKERS, LEASE.toSeconds(),
                            restarted.toEpochMilli() - stopped.toEpochMilli(), countStartsBefore(workers, stopped),
                            endedDuringOutage, writes.stream().filter(w -> w.isOutcome() && ids.contains(w.jobId())).count(),
                            ids.size(), takeovers.size(), duplicateRuns, occurrences(logs, "recording the outcome of job"),
                            occurrences(logs, "renewing the lease of job"), occurrences(logs, "listening for job changes on channel"),
                            wokenAfter.size(), aBefore.count(), aDuring.count(), aAfter.count(), bBefore.count(),
                            bDuring.count(), bAfter.count());
                }
            }
        }
    }

    /** Waits until the named feeds (of workers {@code a} and {@code b}, of the {@code client}) listen (again). */
    private static void awaitFeeds(DataSource admin, String... names) {
        for (String name : names) {
            FeedProbe.awaitListening(admin, PgWorker.listenerName(name), MAX_WAIT);
        }
    }

    /**
     * Submits one job for each worker's hour-sweep engine and awaits both with the client's hour-poll: they
     * start, and their awaits end, only through the change feeds.
     *
     * @return the Completed jobs, each finished by its own worker
     */
    private static List<Job> wakeEach(AsyncJobs client) throws Exception {
        List<Job> done = new ArrayList<>();
        for (String worker : List.of("a", "b")) {
            String id = client.submit(wakeType(worker), new PgWorker.Work(0, false)).id();
            CompletableFuture<Job> awaited = client.awaitAsync(id, AWAIT);
            Job job = awaited.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(job.status()).as("status of wake job %s", id).isEqualTo(JobStatus.COMPLETED);
            assertThat(client.output(job, PgWorker.Done.class)).contains(new PgWorker.Done(worker, wakeType(worker)));
            done.add(job);
        }
        return done;
    }

    private static boolean metTheOutage(String log) {
        return log.contains("change feed lost its connection") && log.contains("recording the outcome of job");
    }

    private static long countStartsBefore(List<WorkerProcess> workers, Instant at) {
        return workers.stream().flatMap(w -> w.runs().stream())
                .filter(e -> e.isStart() && e.type().equals(TYPE) && e.atMillis() < at.toEpochMilli()).count();
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
