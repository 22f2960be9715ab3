package dev.asyncapi.azure.tables.deployment;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A storage outage shorter than the lease while jobs run: two worker processes (4 workers each, 30 s lease)
 * share an Azurite that keeps its data on disk; it is stopped for 10 s while the second wave of jobs runs and
 * restarted on the same port with the same data. Runs that end during the outage cannot record their outcome
 * at once; since their lease outlives the outage, no other worker may take them over: 0 duplicate runs, and
 * every job completes.
 *
 * <p>Unlike {@code DurabilityIT}'s outage scenario (a 2 s lease, shorter than the outage, where reruns after a
 * lost lease are expected and only counted), this one holds the lease longer than the outage and requires
 * exactly one run per job.
 */
class OutageIT {

    private static final String TYPE = "work";
    private static final int JOBS = 40;
    private static final long WORK_MILLIS = 4000;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration SWEEP = Duration.ofMillis(500);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    void anOutageShorterThanTheLeaseRunsNoJobTwiceAndLosesNone() throws Exception {
        String table = Deployment.tableName("outage");
        Path dir = Deployment.workDir(table);
        AzuriteServer server = AzuriteServer.startPersistent(dir.resolve("azurite"), 0);
        int port = server.port();
        String connection = server.connectionString();
        WorkerJvm.Role role = new WorkerJvm.Role(Set.of(TYPE), 4, LEASE, SWEEP);
        try (AzureTableJobStore store = Deployment.store(connection, table);
             AsyncJobs client = AsyncJobs.builder().store(store).submitOnly(TYPE, RoleWorker.Work.class).build();
             WorkerJvm a = WorkerJvm.start(dir, connection, table, "a", role);
             WorkerJvm b = WorkerJvm.start(dir, connection, table, "b", role)) {
            a.awaitReady();
            b.awaitReady();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                ids.add(client.submit(TYPE, new RoleWorker.Work(WORK_MILLIS)).id());
            }
            List<WorkerJvm> workers = List.of(a, b);
            // the second wave has started: 8 runs in flight that will end while the storage is down
            await().atMost(Duration.ofMinutes(2)).until(() -> starts(workers) >= 12);
            int startsBefore = starts(workers);
            int aLog = a.log().length();
            int bLog = b.log().length();
            long outageStart = System.currentTimeMillis();
            server.stop();

            assertThatThrownBy(() -> client.find(ids.get(0))).isInstanceOf(JobStoreUnavailableException.class);
            // the outage lasts OUTAGE; meanwhile both engines meet the failing storage
            await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(60))
                    .until(() -> a.log().substring(aLog).contains("failed") && b.log().substring(bLog).contains("failed"));
            assertThat(a.isAlive()).isTrue();
            assertThat(b.isAlive()).isTrue();
            long outageEnd = System.currentTimeMillis();
            server = AzuriteServer.startPersistent(dir.resolve("azurite"), port);

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Deployment.count(client, JobStatus.COMPLETED) == JOBS);
            assertThat(a.stop()).as("exit code of %s; its log:%n%s", a, a.log()).isZero();
            assertThat(b.stop()).as("exit code of %s; its log:%n%s", b, b.log()).isZero();

            Map<String, List<RunEvent>> events = Deployment.eventsByJob(workers);
            List<String> duplicated = new ArrayList<>();
            int endedDuringOutage = 0;
            int interrupted = 0;
            for (String id : ids) {
                List<RunEvent> runs = events.getOrDefault(id, List.of());
                if (runs.stream().filter(RunEvent::isStart).count() > 1) {
                    duplicated.add(id + " " + runs);
                }
                endedDuringOutage += (int) runs.stream().filter(e -> e.event().equals(RunEvent.END))
                        .filter(e -> e.atMillis() >= outageStart && e.atMillis() < outageEnd).count();
                interrupted += (int) runs.stream().filter(e -> e.event().equals(RunEvent.INTERRUPTED)).count();
            }
            String logs = a.log() + b.log();
            System.out.printf("outage: %d jobs x %d ms, lease %d s, storage down %d ms with %d runs started before it; "
                            + "%d runs ended during it; duplicate runs %d, interrupted %d; outcome-write failures "
                            + "logged %d, lease-renewal failures logged %d%n",
                    JOBS, WORK_MILLIS, LEASE.toSeconds(), outageEnd - outageStart, startsBefore, endedDuringOutage,
                    duplicated.size(), interrupted, occurrences(logs, "recording the outcome of job"),
                    occurrences(logs, "renewing the lease of job"));
            duplicated.stream().limit(5).forEach(d -> System.out.println("outage: ran twice: " + d));

            for (String id : ids) {
                Job job = client.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
                assertThat(job.status()).as("status of %s", id).isEqualTo(JobStatus.COMPLETED);
            }
            assertThat(endedDuringOutage).as("runs that ended while the storage was down").isPositive();
            assertThat(duplicated).as("jobs whose handler ran more than once").isEmpty();
            assertThat(interrupted).as("interrupted runs").isZero();
        } finally {
            server.stop();
        }
    }

    private static int starts(List<WorkerJvm> workers) {
        return workers.stream().mapToInt(w -> (int) w.runs().stream().filter(RunEvent::isStart).count()).sum();
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
