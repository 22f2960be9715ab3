package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker process killed mid-job: two worker processes ("victim" and "survivor", 4 workers each, a 2 s lease,
 * 200 ms sweeps) share {@value #JOBS} jobs submitted from the test JVM. The victim runs its first
 * {@value #VICTIM_NORMAL_RUNS} jobs normally; every later run of it hangs mid-job, so it ends up holding 4 jobs
 * Running. The survivor starts then and works through the rest; meanwhile the victim's heartbeats keep its 4
 * leases for longer than one lease duration, and the survivor, sweeping every 200 ms, takes none of them. Then the
 * victim gets SIGKILL ({@code destroyForcibly}); the survivor takes the 4 jobs over once their leases expire.
 *
 * <p>A trigger records every committed write of the jobs table ({@link Transitions}), so the test counts what the
 * database saw: every job Completed, each by exactly one outcome write, written by the run of its last claim and
 * followed by no other write; every takeover after the lease it replaced had expired, the held jobs' only after the
 * kill; one handler run per claim, so a second run of a job only ever follows a takeover.
 */
@ExtendWith(PostgresExtension.class)
class WorkerKilledIT {

    private static final String TYPE = "work";
    private static final int JOBS = 40;
    private static final long WORK_MILLIS = 300;
    private static final int WORKERS = 4;
    private static final int VICTIM_NORMAL_RUNS = 6;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SWEEP = Duration.ofMillis(200);
    /** Heartbeats come every third of the lease: this many renewals, all while the survivor sweeps, outlast it. */
    private static final int RENEWALS_WHILE_BOTH_RUN = 4;
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final PostgresServer postgres;

    WorkerKilledIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    @Test
    void theJobsOfAWorkerProcessKilledMidRunAreTakenOverAfterTheirLeasesExpireAndEachOutcomeIsWrittenOnce()
            throws Exception {
        String schema = Setup.schema("killed");
        Path dir = Setup.workDir(schema);
        DataSource admin = postgres.dataSource();
        String victimId = PgWorker.engineId("victim", TYPE);
        String survivorId = PgWorker.engineId("survivor", TYPE);
        try (PostgresJobStore store = Setup.store(postgres, schema, "client")) {
            Transitions.install(admin, schema);
            try (AsyncJobs client = AsyncJobs.builder().store(store).submitOnly(TYPE, PgWorker.Work.class).build();
                 WorkerProcess victim = WorkerProcess.start(dir, postgres, schema, "victim",
                         new PgWorker.EngineSpec(TYPE, WORKERS, LEASE, SWEEP, VICTIM_NORMAL_RUNS))) {
                victim.awaitReady();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    ids.add(client.submit(TYPE, new PgWorker.Work(WORK_MILLIS, false)).id());
                }
                // the victim's workers all hang mid-job (started alone, it surely gets that far)
                await().atMost(MAX_WAIT).until(() -> victim.inFlight().size() == WORKERS);
                Set<String> held = victim.inFlight().stream().map(RunEvent::jobId).collect(Collectors.toSet());

                try (WorkerProcess survivor = WorkerProcess.start(dir, postgres, schema, "survivor",
                        new PgWorker.EngineSpec(TYPE, WORKERS, LEASE, SWEEP, 0))) {
                    survivor.awaitReady();
                    await().atMost(MAX_WAIT).until(() -> survivor.starts() > 0);
                    long seqBothRun = Transitions.lastSeq(admin, schema);
                    // the victim's heartbeats keep its leases for longer than one lease while the survivor sweeps
                    await().atMost(MAX_WAIT).until(
                            () -> Transitions.renewals(admin, schema, held, seqBothRun) >= RENEWALS_WHILE_BOTH_RUN);
                    Map<String, List<Transitions.Write>> beforeKill = Transitions.byJob(Transitions.all(admin, schema));
                    for (String id : held) {
                        assertThat(beforeKill.get(id).stream().filter(Transitions.Write::isClaim))
                                .as("claims of %s, held by a live worker past one lease", id).hasSize(1)
                                .allSatisfy(c -> assertThat(c.newOwner()).isEqualTo(victimId));
                    }
                    assertThat(victim.isAlive()).isTrue();
                    victim.kill();
                    Instant killedAt = Instant.now();
                    assertThat(victim.isAlive()).isFalse();

                    await().atMost(MAX_WAIT).pollInterval(Duration.ofMillis(200))
                            .until(() -> Setup.count(client, JobStatus.COMPLETED) == JOBS);
                    assertThat(survivor.stop()).as("exit code of %s; its log:%n%s", survivor, survivor.log()).isZero();

                    List<Transitions.Write> writes = Transitions.all(admin, schema);
                    Map<String, List<Transitions.Write>> byJob = Transitions.byJob(writes);
                    Map<String, List<RunEvent>> runs = Setup.eventsByJob(List.of(victim, survivor));
                    int duplicateRuns = 0;
                    for (String id : ids) {
                        Job job = client.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
                        assertThat(job.status()).as("status of %s", id).isEqualTo(JobStatus.COMPLETED);
                        List<Transitions.Write> w = byJob.get(id);
                        assertThat(w.stream().filter(Transitions.Write::isOutcome)).as("outcome writes of %s", id)
                                .hasSize(1);
                        assertThat(w.stream().filter(Transitions.Write::changesATerminalJob))
                                .as("writes to %s after its outcome", id).isEmpty();
                        List<Transitions.Write> claims = w.stream().filter(Transitions.Write::isClaim).toList();
                        List<RunEvent> starts = runs.getOrDefault(id, List.of()).stream().filter(RunEvent::isStart)
                                .toList();
                        duplicateRuns += starts.size() - 1;
                        assertThat(starts).as("handler starts of %s, one per claim", id).hasSameSizeAs(claims);
                        assertThat(starts.stream().map(RunEvent::attempt).toList()).as("attempts of %s", id)
                                .doesNotHaveDuplicates();
                        // the outcome was written by the run of the last claim, whoever held the job before it
                        String finisher = w.stream().filter(Transitions.Write::isOutcome).findFirst().orElseThrow()
                                .oldOwner();
                        assertThat(finisher).as("writer of the outcome of %s", id)
                                .isEqualTo(claims.get(claims.size() - 1).newOwner());
                        if (held.contains(id)) {
                            assertThat(claims.get(0).newOwner()).as("first claim of held job %s", id)
                                    .isEqualTo(victimId);
                            assertThat(finisher).as("writer of the outcome of held job %s", id).isEqualTo(survivorId);
                            assertThat(client.output(job, PgWorker.Done.class))
                                    .contains(new PgWorker.Done("survivor", TYPE));
                        }
                    }
                    List<Transitions.Write> takeovers = writes.stream().filter(Transitions.Write::isTakeover).toList();
                    for (Transitions.Write t : takeovers) {
                        // the claimer's own clock and the database's both put each takeover after the lease it replaced
                        assertThat(t.newUpdatedAt()).as("claim instant of takeover %s", t)
                                .isAfterOrEqualTo(t.oldLeaseEnds());
                        assertThat(t.at()).as("database time of takeover %s", t).isAfterOrEqualTo(t.oldLeaseEnds());
                    }
                    List<Transitions.Write> ofHeld = takeovers.stream().filter(t -> held.contains(t.jobId())).toList();
                    assertThat(ofHeld).as("takeovers of the held jobs").extracting(Transitions.Write::jobId)
                            .containsExactlyInAnyOrderElementsOf(held);
                    for (Transitions.Write t : ofHeld) {
                        assertThat(t.oldOwner()).isEqualTo(victimId);
                        assertThat(t.newOwner()).isEqualTo(survivorId);
                        // after the kill: while the victim lived, its heartbeats kept the lease from expiring
                        assertThat(t.at()).as("database time of takeover %s", t).isAfter(killedAt);
                    }
                    long victimEnds = victim.runs().stream().filter(RunEvent::isEnd).count();
                    assertThat(victimEnds).as("runs the victim finished before its workers hung")
                            .isEqualTo(VICTIM_NORMAL_RUNS);
                    assertThat(survivor.starts()).as("runs of the survivor").isGreaterThan(held.size());
                    // a run whose lease lapsed on a slow machine may be taken over too: each takeover is one more run
                    assertThat(duplicateRuns).as("handler runs beyond one per job: one per takeover")
                            .isEqualTo(takeovers.size());
                    System.out.printf("worker killed: %d jobs over 2 processes; victim started %d and finished %d, "
                                    + "then held %d Running (%s renewals each before SIGKILL, %d+ of them while the "
                                    + "survivor ran); survivor started %d; %d takeovers (%d of the held jobs), each after "
                                    + "the lease expired; %d outcome writes for %d jobs; %d duplicate handler runs%n",
                            JOBS, victim.starts(), victimEnds, held.size(),
                            held.stream().map(id -> beforeKill.get(id).stream().filter(Transitions.Write::isRenewal)
                                    .count()).toList(), RENEWALS_WHILE_BOTH_RUN,
                            survivor.starts(), takeovers.size(), ofHeld.size(),
                            writes.stream().filter(Transitions.Write::isOutcome).count(), JOBS, duplicateRuns);
                }
            }
        }
    }
}
