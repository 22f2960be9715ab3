package dev.asyncapi.azure.tables.deployment;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog far larger than the workers, queued far longer than the lease: two worker processes of 4 workers
 * each, a 3 s lease, and 300 jobs of 2 s submitted at once from a client-only engine (about 75 s of work). A
 * job waiting its turn holds no lease, so none is taken over: every handler starts exactly once, no run is
 * interrupted, all complete, and the claims never outrun the workers. A worker slot takes its next job as soon as
 * its handler returns, while the run records its outcome; so a slot is held from the claim (the stored start) to
 * the handler's return, and at no instant do more than 8 of those overlap. The table itself may show a job Running
 * whose handler has returned and whose outcome is on its way: no read of it shows more than 8 handlers plus as many
 * outcomes in flight.
 */
@ExtendWith(AzuriteExtension.class)
class BacklogIT {

    private static final String TYPE = "load";
    private static final int JOBS = 300;
    private static final long WORK_MILLIS = 2000;
    private static final int WORKERS_PER_PROCESS = 4;
    private static final int CAP = 2 * WORKERS_PER_PROCESS;
    /** Running in the table: a handler on each slot, and as many runs whose handler returned recording outcomes. */
    private static final int RUNNING_ROWS_CAP = 2 * CAP;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration SWEEP = Duration.ofMillis(500);
    private static final int SUBMITTERS = 8;

    private final AzuriteServer azurite;

    BacklogIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    /** What the status reader saw. */
    private static final class Reads {
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final List<String> overCap = new ArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
    }

    @Test
    void aBacklogQueuedLongerThanTheLeaseRunsEachJobOnceWithinTheWorkerCap() throws Exception {
        String table = Deployment.tableName("backlog");
        Path dir = Deployment.workDir(table);
        WorkerJvm.Role role = new WorkerJvm.Role(Set.of(TYPE), WORKERS_PER_PROCESS, LEASE, SWEEP);
        try (AzureTableJobStore store = Deployment.store(azurite.connectionString(), table);
             AsyncJobs client = AsyncJobs.builder().store(store).submitOnly(TYPE, RoleWorker.Work.class).build();
             WorkerJvm a = WorkerJvm.start(dir, azurite.connectionString(), table, "a", role);
             WorkerJvm b = WorkerJvm.start(dir, azurite.connectionString(), table, "b", role)) {
            a.awaitReady();
            b.awaitReady();

            Reads reads = new Reads();
            ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
            // one read of the Running jobs every 200 ms (paced so that it does not starve the 2-core box)
            reader.scheduleWithFixedDelay(() -> readRunning(client, reads), 0, 200, TimeUnit.MILLISECONDS);

            long startNanos = System.nanoTime();
            // submitted at once: several threads, as many HTTP clients would
            List<String> ids = new ArrayList<>();
            ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
            try {
                List<Future<Job>> submits = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    submits.add(submitters.submit(() -> client.submit(TYPE, new RoleWorker.Work(WORK_MILLIS))));
                }
                for (Future<Job> f : submits) {
                    ids.add(f.get().id());
                }
            } finally {
                submitters.shutdown();
            }
            long submittedNanos = System.nanoTime();
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Deployment.count(client, JobStatus.COMPLETED) == JOBS
                            || Deployment.count(client, JobStatus.FAILED) > 0);
            long finishedNanos = System.nanoTime();
            reader.shutdown();
            assertThat(reader.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(reads.error.get()).as("the status reader failed").isNull();
            assertThat(a.stop()).as("exit code of %s; its log:%n%s", a, a.log()).isZero();
            assertThat(b.stop()).as("exit code of %s; its log:%n%s", b, b.log()).isZero();

            List<WorkerJvm> workers = List.of(a, b);
            Map<String, List<RunEvent>> events = Deployment.eventsByJob(workers);
            List<Deployment.Interval> slotsHeld = new ArrayList<>();
            long maxQueueMillis = 0;
            int duplicateStarts = 0;
            int interrupted = 0;
            for (String id : ids) {
                List<RunEvent> runs = events.getOrDefault(id, List.of());
                duplicateStarts += Math.max(0, (int) runs.stream().filter(RunEvent::isStart).count() - 1);
                interrupted += (int) runs.stream().filter(e -> e.event().equals(RunEvent.INTERRUPTED)).count();
            }
            for (String id : ids) {
                Job job = client.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
                assertThat(job.status()).as("status of %s (failure %s)", id, job.failure()).isEqualTo(JobStatus.COMPLETED);
                assertThat(job.attempt()).as("attempts of %s", id).isEqualTo(1);
                List<RunEvent> runs = events.getOrDefault(id, List.of());
                assertThat(runs).as("runs of %s", id).extracting(RunEvent::event)
                        .containsExactly(RunEvent.START, RunEvent.END);
                // the slot is held from the claim, stamped by the engine, to the handler's return, logged by the
                // handler just before it (both from this machine's wall clock)
                slotsHeld.add(new Deployment.Interval(job.startedAt().orElseThrow().toEpochMilli(),
                        runs.get(runs.size() - 1).atMillis()));
                maxQueueMillis = Math.max(maxQueueMillis,
                        job.startedAt().orElseThrow().toEpochMilli() - job.createdAt().toEpochMilli());
            }
            // the same cap seen from the store's claims: at no instant did more than 8 slots hold a claimed job
            int slotOverlap = Deployment.maxOverlap(slotsHeld);
            int maxPerProcess = 0;
            for (WorkerJvm w : workers) {
                Map<String, List<RunEvent>> own = Deployment.eventsByJob(List.of(w));
                List<Deployment.Interval> handlerRuns = own.values().stream()
                        .map(r -> new Deployment.Interval(r.get(0).atMillis(), r.get(r.size() - 1).atMillis())).toList();
                int overlap = Deployment.maxOverlap(handlerRuns);
                maxPerProcess = Math.max(maxPerProcess, overlap);
                assertThat(overlap).as("concurrent handler runs in %s", w).isLessThanOrEqualTo(WORKERS_PER_PROCESS);
                assertThat(w.runs()).as("%s took work", w).isNotEmpty();
            }
            System.out.printf("backlog: %d jobs x %d ms on 2 processes x %d workers, lease %d ms: submitted in %d ms, "
                            + "all done after %d ms; handler starts a=%d b=%d, duplicate starts %d, interrupted %d; "
                            + "longest wait Pending %d ms; %d status reads, most Running in one read %d, over the cap "
                            + "%d in %d reads; most slots holding a claim at once %d, most concurrent handlers in a process %d%n",
                    JOBS, WORK_MILLIS, WORKERS_PER_PROCESS, LEASE.toMillis(),
                    (submittedNanos - startNanos) / 1_000_000, (finishedNanos - startNanos) / 1_000_000,
                    a.runs().stream().filter(RunEvent::isStart).count(),
                    b.runs().stream().filter(RunEvent::isStart).count(), duplicateStarts, interrupted, maxQueueMillis,
                    reads.count.get(), reads.maxRunning.get(), RUNNING_ROWS_CAP, reads.overCap.size(), slotOverlap,
                    maxPerProcess);
            reads.overCap.stream().limit(5).forEach(r -> System.out.println("backlog: over the cap: " + r));

            assertThat(duplicateStarts).as("handler starts beyond one per job").isZero();
            assertThat(interrupted).as("interrupted runs").isZero();
            assertThat(maxQueueMillis).as("the backlog waited much longer than the lease")
                    .isGreaterThan(10 * LEASE.toMillis());
            assertThat(reads.count.get()).as("status reads while it ran").isGreaterThanOrEqualTo(20);
            assertThat(reads.overCap).as("reads showing more than %d Running", RUNNING_ROWS_CAP).isEmpty();
            assertThat(reads.maxRunning.get()).isLessThanOrEqualTo(RUNNING_ROWS_CAP);
            assertThat(slotOverlap).as("most slots holding a claimed job at once").isLessThanOrEqualTo(CAP);
        }
    }

    /** One read of the Running jobs, noting the count. */
    private static void readRunning(AsyncJobs client, Reads reads) {
        JobQuery running = JobQuery.builder().statuses(JobStatus.RUNNING).pageSize(JobQuery.MAX_PAGE_SIZE).build();
        try {
            List<Job> jobs = Deployment.all(client, running);
            reads.count.incrementAndGet();
            reads.maxRunning.accumulateAndGet(jobs.size(), Math::max);
            if (jobs.size() > RUNNING_ROWS_CAP) {
                synchronized (reads.overCap) {
                    reads.overCap.add(jobs.size() + " Running: " + jobs.stream()
                            .map(j -> j.id() + "@" + j.lease().map(l -> l.workerId()).orElse("-") + " started "
                                    + j.startedAt().orElse(null))
                            .toList());
                }
            }
        } catch (RuntimeException | Error t) {
            reads.error.compareAndSet(null, t);
        }
    }
}
