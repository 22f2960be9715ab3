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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles across processes sharing one table: a client-only engine in the test JVM submits three types; one
 * worker process runs only "alpha", another only "beta". Every job runs once, on a process that registered its
 * type, and none fails; "gamma", which no running process registered, stays Pending (never claimed, never
 * failed as an unknown type) until a third process registering it starts, and then completes.
 */
@ExtendWith(AzuriteExtension.class)
class RolesIT {

    private static final int PER_TYPE = 20;
    private static final int GAMMA = 3;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration SWEEP = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final AzuriteServer azurite;

    RolesIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    private WorkerJvm worker(Path dir, String table, String type) {
        return WorkerJvm.start(dir, azurite.connectionString(), table, type + "-worker",
                new WorkerJvm.Role(Set.of(type), 4, LEASE, SWEEP));
    }

    @Test
    void eachTypeRunsOnlyOnAProcessThatRegisteredItAndAnUnservedTypeWaitsPending()
            throws Exception {
        String table = Deployment.tableName("roles");
        Path dir = Deployment.workDir(table);
        try (AzureTableJobStore store = Deployment.store(azurite.connectionString(), table);
             AsyncJobs client = AsyncJobs.builder().store(store)
                     .submitOnly("alpha", RoleWorker.Work.class)
                     .submitOnly("beta", RoleWorker.Work.class)
                     .submitOnly("gamma", RoleWorker.Work.class)
                     .awaitPollInterval(Duration.ofMillis(200)).build();
             WorkerJvm alpha = worker(dir, table, "alpha");
             WorkerJvm beta = worker(dir, table, "beta")) {
            assertThat(client.isClientOnly()).isTrue();
            assertThat(client.types()).isEmpty();
            alpha.awaitReady();
            beta.awaitReady();

            // gamma first: it is the oldest due work, so a worker that saw other types' jobs would meet it first
            List<String> gammaIds = new ArrayList<>();
            for (int i = 0; i < GAMMA; i++) {
                gammaIds.add(client.submit("gamma", new RoleWorker.Work(20)).id());
            }
            Map<String, String> typeById = new LinkedHashMap<>();
            for (int i = 0; i < PER_TYPE; i++) {
                typeById.put(client.submit("alpha", new RoleWorker.Work(50)).id(), "alpha");
                typeById.put(client.submit("beta", new RoleWorker.Work(50)).id(), "beta");
            }
            for (String id : typeById.keySet()) {
                assertThat(client.await(id, MAX_WAIT).status()).as("status of %s job %s", typeById.get(id), id)
                        .isEqualTo(JobStatus.COMPLETED);
            }

            // each round is picked up only by a sweep of each worker (a client-only submit wakes no worker), so
            // after three rounds each worker has swept at least three times since the gamma jobs were stored
            for (int round = 0; round < 3; round++) {
                String a = client.submit("alpha", new RoleWorker.Work(1)).id();
                String b = client.submit("beta", new RoleWorker.Work(1)).id();
                typeById.put(a, "alpha");
                typeById.put(b, "beta");
                assertThat(client.await(a, MAX_WAIT).status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(client.await(b, MAX_WAIT).status()).isEqualTo(JobStatus.COMPLETED);
            }
            for (String id : gammaIds) {
                Job gamma = client.find(id).orElseThrow(() -> new AssertionError("gamma job " + id + " was lost"));
                assertThat(gamma.status()).as("gamma job %s with no gamma worker", id).isEqualTo(JobStatus.PENDING);
                assertThat(gamma.attempt()).as("attempts of gamma job %s", id).isZero();
                assertThat(gamma.lease()).as("lease of gamma job %s", id).isEmpty();
                assertThat(gamma.startedAt()).as("start of gamma job %s", id).isEmpty();
                assertThat(gamma.failure()).as("failure of gamma job %s", id).isEmpty();
            }
            assertThat(Deployment.all(client, JobQuery.builder().type("gamma").build()))
                    .extracting(Job::status).containsOnly(JobStatus.PENDING).hasSize(GAMMA);
            assertThat(Deployment.eventsByJob(List.of(alpha, beta))).doesNotContainKeys(gammaIds.toArray(String[]::new));

            try (WorkerJvm gammaWorker = worker(dir, table, "gamma")) {
                gammaWorker.awaitReady();
                for (String id : gammaIds) {
                    typeById.put(id, "gamma");
                    assertThat(client.await(id, MAX_WAIT).status()).as("status of gamma job %s", id)
                            .isEqualTo(JobStatus.COMPLETED);
                }
                assertThat(alpha.stop()).as("exit code of %s; its log:%n%s", alpha, alpha.log()).isZero();
                assertThat(beta.stop()).as("exit code of %s; its log:%n%s", beta, beta.log()).isZero();
                assertThat(gammaWorker.stop()).as("exit code of %s; its log:%n%s", gammaWorker, gammaWorker.log()).isZero();

                List<WorkerJvm> workers = List.of(alpha, beta, gammaWorker);
                Map<String, List<RunEvent>> events = Deployment.eventsByJob(workers);
                for (WorkerJvm w : workers) {
                    String ownType = w.id().substring(0, w.id().indexOf('-'));
                    assertThat(w.runs()).as("runs of %s", w).isNotEmpty()
                            .allSatisfy(e -> assertThat(e.type()).isEqualTo(ownType));
                    assertThat(w.log()).as("log of %s", w).doesNotContain("UnknownType");
                }
                for (Map.Entry<String, String> entry : typeById.entrySet()) {
                    String id = entry.getKey();
                    String type = entry.getValue();
                    String owner = type + "-worker";
                    Job job = client.find(id).orElseThrow(() -> new AssertionError("job " + id + " was lost"));
                    assertThat(job.status()).as("status of %s", id).isEqualTo(JobStatus.COMPLETED);
                    assertThat(job.attempt()).as("attempts of %s", id).isEqualTo(1);
                    assertThat(client.output(job, RoleWorker.Done.class)).as("output of %s", id)
                            .contains(new RoleWorker.Done(owner, type));
                    List<RunEvent> runs = events.getOrDefault(id, List.of());
                    assertThat(runs.stream().filter(RunEvent::isStart).toList()).as("starts of %s job %s", type, id)
                            .hasSize(1).allSatisfy(e -> assertThat(e.worker()).isEqualTo(owner));
                    assertThat(runs).as("runs of %s", id).extracting(RunEvent::event)
                            .containsExactly(RunEvent.START, RunEvent.END);
                }
                assertThat(Deployment.count(client, JobStatus.FAILED)).as("failed jobs").isZero();
                assertThat(Deployment.count(client, JobStatus.COMPLETED)).isEqualTo(typeById.size());
                System.out.printf("roles: %d jobs (alpha %d, beta %d, gamma %d), starts per worker: %s%n",
                        typeById.size(), typeById.values().stream().filter("alpha"::equals).count(),
                        typeById.values().stream().filter("beta"::equals).count(), gammaIds.size(),
                        workers.stream().map(w -> w.id() + "=" + w.runs().stream().filter(RunEvent::isStart).count())
                                .toList());
            }
        }
    }
}
