package dev.asyncapi.azure.tables.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Durability with real processes: worker JVMs with their own engines share one Azurite (issue 4, scenarios
 * 1 to 3). Sizes are reduced by default; {@code -Dasyncapi.durability.jobs=1000} (the {@code durability-full}
 * profile) runs the full-size version. The outage scenario also checks that the workers' live thread counts,
 * which they report themselves, come back to their pre-outage level.
 */
@ExtendWith(AzuriteExtension.class)
class DurabilityIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final int JOBS = Integer.getInteger("asyncapi.durability.jobs", 200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREAD_SLACK = 4;
    /**
     * Handler threads a worker may add after the outage: its pool grows to two per worker (one runs a job while the
     * other records the previous outcome); {@link DurabilityWorker} runs 4 workers.
     */
    private static final int HANDLER_THREADS_TO_GROW = 4;

    private final AzuriteServer azurite;

    DurabilityIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    private static AzureTableJobStore store(String connectionString, String table) {
        return AzureTableJobStore.builder().connectionString(connectionString).tableName(table)
                .shardCount(DurabilityWorker.SHARDS).retry(2, Duration.ofMillis(20), Duration.ofMillis(50))
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    private static List<String> submit(AzureTableJobStore store, int count, long millis, boolean hangFirst)
            throws Exception {
        String input = JSON.writeValueAsString(new DurabilityWorker.Work(millis, hangFirst));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant now = Instant.now();
            ids.add(store.create(JobTransitions.newPending(JobIds.newId(), DurabilityWorker.TYPE, input, null, null, now))
                    .id());
        }
        return ids;
    }

    private static long completed(AzureTableJobStore store, List<String> ids) {
        return ids.stream().filter(id -> store.find(id).map(j -> j.status() == JobStatus.COMPLETED).orElse(false)).count();
    }

    /** Checks every job is Completed once and reports handler runs beyond one per job. */
    private static int assertEveryJobCompletedOnce(AzureTableJobStore store, List<String> ids, List<WorkerProcess> workers) {
        Map<String, List<String[]>> runsByJob = new HashMap<>();
        for (WorkerProcess w : workers) {
            w.runs().forEach(line -> {
                String[] parts = line.split(" ");
                runsByJob.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts);
            });
        }
        int duplicates = 0;
        for (String id : ids) {
            Job job = store.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
            assertThat(job.status()).as("status of %s", id).isEqualTo(JobStatus.COMPLETED);
            List<String[]> runs = runsByJob.getOrDefault(id, List.of());
            assertThat(runs).as("handler runs of %s", id).isNotEmpty();
            // a second run only ever comes from a new claim, i.e. after the previous lease expired
            assertThat(runs.stream().map(r -> r[1]).toList()).as("attempts of %s", id).doesNotHaveDuplicates();
            String finisher = job.outputJson().orElseThrow();
            assertThat(runs.stream().anyMatch(r -> finisher.contains("\"" + r[2] + "\"")
                    && Integer.parseInt(r[1]) == job.attempt())).as("the recorded outcome is of a run of %s", id).isTrue();
            duplicates += runs.size() - 1;
        }
        return duplicates;
    }

    /**
     * The worker's live threads after recovery are at most {@value #THREAD_SLACK} more than before the outage, plus
     * the {@value #HANDLER_THREADS_TO_GROW} handler threads its pool may still add: pools that grow on demand (the
     * HTTP client's event loops, idle-timed pools) may differ by a few, a leak per failed call would not.
     */
    private static void assertNoThreadLeak(String worker, WorkerProcess.Threads before, WorkerProcess.Threads after) {
        assertThat(after.count()).as("live threads of worker %s after the outage (before: %s; after: %s)", worker,
                before.names(), after.names())
                .isLessThanOrEqualTo(before.count() + THREAD_SLACK + HANDLER_THREADS_TO_GROW);
    }

    @Test
    void twoProcessesCompleteEveryJobExactlyOnce(@TempDir Path dir) throws Exception {
        String table = "durable" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        AzureTableJobStore store = store(azurite.connectionString(), table);
        List<String> ids = submit(store, JOBS, 5, false);
        try (WorkerProcess a = WorkerProcess.start(dir, azurite.connectionString(), table, "a", LEASE);
             WorkerProcess b = WorkerProcess.start(dir, azurite.connectionString(), table, "b", LEASE)) {
            await().atMost(Duration.ofMinutes(JOBS > 200 ? 8 : 2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> completed(store, ids) == ids.size());
            assertThat(a.stop()).isZero();
            assertThat(b.stop()).isZero();

            int duplicates = assertEveryJobCompletedOnce(store, ids, List.of(a, b));
            System.out.printf("durability: %d jobs over 2 processes, %d + %d handler runs, %d duplicate runs%n",
                    ids.size(), a.runs().size(), b.runs().size(), duplicates);
            assertThat(a.runs()).as("both processes took work").isNotEmpty();
            assertThat(b.runs()).as("both processes took work").isNotEmpty();
        }
    }

    @Test
    void aJobOfAWorkerKilledMidRunIsFinishedByAnotherAfterItsLeaseExpires(@TempDir Path dir) throws Exception {
        String table = "killed" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        AzureTableJobStore store = store(azurite.connectionString(), table);
        List<String> ids = submit(store, 4, 5, true);
        try (WorkerProcess victim = WorkerProcess.start(dir, azurite.connectionString(), table, "victim", LEASE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> victim.runs().size() == ids.size());
            assertThat(ids).allSatisfy(id -> assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING));
            victim.kill();

            try (WorkerProcess heir = WorkerProcess.start(dir, azurite.connectionString(), table, "heir", LEASE)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> completed(store, ids) == ids.size());
                assertThat(heir.stop()).isZero();
                int duplicates = assertEveryJobCompletedOnce(store, ids, List.of(victim, heir));
                assertThat(duplicates).as("each job ran once on the victim and once on the heir").isEqualTo(ids.size());
                assertThat(ids).allSatisfy(id -> assertThat(store.find(id).orElseThrow().outputJson()).contains("{\"worker\":\"heir\"}"));
                System.out.printf("durability: %d jobs of a SIGKILLed worker finished by another, %d duplicate runs%n",
                        ids.size(), duplicates);
            }
        }
    }

    @Test
    void enginesBackOffWhileTheStorageIsDownAndResumeWithoutLosingJobs(@TempDir Path dir) throws Exception {
        String table = "restart" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        AzuriteServer server = AzuriteServer.startPersistent(dir.resolve("azurite"), 0);
        int port = server.port();
        String connection = server.connectionString();
        AzureTableJobStore store = store(connection, table);
        int count = Math.max(40, JOBS / 5);
        List<String> ids = submit(store, count, 100, false);
        try (WorkerProcess a = WorkerProcess.start(dir, connection, table, "a", LEASE);
             WorkerProcess b = WorkerProcess.start(dir, connection, table, "b", LEASE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> completed(store, ids) >= 5);
            WorkerProcess.Threads aBefore = a.threads();
            WorkerProcess.Threads bBefore = b.threads();
            server.stop();

            // while it is down: the store reports "unavailable" (503 in the HTTP layer), and both engines back off
            assertThatThrownBy(() -> store.find(ids.get(0))).isInstanceOf(JobStoreUnavailableException.class);
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(60))
                    .until(() -> a.log().contains("finding due jobs failed") && b.log().contains("finding due jobs failed"));
            assertThat(a.isAlive()).isTrue();
            assertThat(b.isAlive()).isTrue();
            WorkerProcess.Threads aDuring = a.threads();
            WorkerProcess.Threads bDuring = b.threads();

            server = AzuriteServer.startPersistent(dir.resolve("azurite"), port);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> completed(store, ids) == ids.size());
            // the jobs may all have been claimed before the outage and finished after it by their own runs; the
            // sweeps resume anyway, once their backoff (at most 30 s) has passed
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> (a.log() + b.log()).contains("sweeping resumes"));
            // every failed sweep and heartbeat of the outage (dozens per worker) went through the same code: a
            // thread or executor left behind per failure would show here many times over
            WorkerProcess.Threads aAfter = a.threads();
            WorkerProcess.Threads bAfter = b.threads();
            assertNoThreadLeak("a", aBefore, aAfter);
            assertNoThreadLeak("b", bBefore, bAfter);
            assertThat(a.stop()).isZero();
            assertThat(b.stop()).isZero();
            int duplicates = assertEveryJobCompletedOnce(store, ids, List.of(a, b));
            System.out.printf("durability: %d jobs across a 10 s storage outage, none lost, %d duplicate runs; live "
                    + "threads before/during/after: a %d/%d/%d, b %d/%d/%d%n", ids.size(), duplicates,
                    aBefore.count(), aDuring.count(), aAfter.count(), bBefore.count(), bDuring.count(), bAfter.count());
        } finally {
            server.stop();
        }
    }
}
