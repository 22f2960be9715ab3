package dev.asyncapi.azure.tables;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.spi.JobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Storage costs stay flat: counted with an azure-core pipeline policy on a real Azurite. */
@ExtendWith(AzuriteExtension.class)
class TransactionCostIT {

    private static final int SHARDS = 4;
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final AzuriteServer azurite;

    TransactionCostIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    record Echo(String text) {
    }

    @Test
    void aJobsHappyPathThroughAsyncJobsCostsAtMostThreeStorageRequests() throws Exception {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("cost")).shardCount(SHARDS).addPolicy(counter).build();
        CompletableFuture<Job> finished = new CompletableFuture<>();
        try (AsyncJobs jobs = AsyncJobs.builder()
                .store(new NotifyingStore(store, finished))
                .register("echo", Echo.class, Echo.class, (in, ctx) -> new Echo(in.text().toUpperCase()))
                .leaseDuration(Duration.ofMinutes(5))
                .sweepInterval(Duration.ofHours(1))
                .build()) {
            counter.reset();
            Job submitted = jobs.submit("echo", new Echo("hello"));
            Job done = finished.get(30, TimeUnit.SECONDS);
            List<String> requests = counter.requests();

            assertThat(done.id()).isEqualTo(submitted.id());
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(requests).as("create, claim and complete, one transaction each").hasSizeLessThanOrEqualTo(3);
            assertThat(store.find(submitted.id()).orElseThrow().outputJson()).contains("{\"text\":\"HELLO\"}");
        }
    }

    @Test
    void aStatusReadIsOnePointRead() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("read")).shardCount(SHARDS).addPolicy(counter).build();
        Job job = store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", null, T0, T0));
        counter.reset();

        assertThat(store.find(job.id())).isPresent();
        assertThat(counter.requests()).singleElement().asString().startsWith("GET").contains(job.id());
    }

    @Test
    void claimCostsTheSameWithNoAndWithTenThousandFinishedJobs() {
        CountingPolicy emptyCounter = new CountingPolicy();
        AzureTableJobStore empty = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("flat")).shardCount(SHARDS).addPolicy(emptyCounter).build();
        CountingPolicy fullCounter = new CountingPolicy();
        AzureTableJobStore full = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("flat")).shardCount(SHARDS).addPolicy(fullCounter).build();
        insertFinishedJobs(full.tableName(), 10_000);
        for (AzureTableJobStore store : List.of(empty, full)) {
            for (int i = 0; i < 3; i++) {
                store.create(Job.newPending(JobIds.newId(), "t", "{}", null, null, T0, T0));
            }
        }
        emptyCounter.reset();
        fullCounter.reset();

        List<Job> fromEmpty = empty.claimDue("w", T0.plusSeconds(1), Duration.ofSeconds(30), 10);
        List<Job> fromFull = full.claimDue("w", T0.plusSeconds(1), Duration.ofSeconds(30), 10);

        assertThat(fromEmpty).hasSize(3);
        assertThat(fromFull).hasSize(3);
        assertThat(fullCounter.count()).isEqualTo(emptyCounter.count())
                .as("one due-range query per shard, then a read and a claim per job").isEqualTo(SHARDS + 3 * 2);
        JobPage finished = full.query(JobQuery.builder().statuses(JobStatus.COMPLETED).pageSize(1).build());
        assertThat(finished.jobs()).hasSize(1);
    }

    /** Writes Completed jobs straight into the table, 100 per entity-group transaction. */
    private void insertFinishedJobs(String tableName, int count) {
        TableClient table = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient().getTableClient(tableName);
        Keys keys = new Keys(SHARDS);
        Map<String, List<TableTransactionAction>> byPartition = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Job running = Job.newPending(JobIds.newId(), "t", "{\"n\":" + i + "}", "alice", null, T0, T0)
                    .claim("w", T0, T0.plusSeconds(30));
            Job done = running.complete(T0.plusSeconds(1), "{\"ok\":true}");
            String pk = keys.partitionOf(done.id());
            TableEntity entity = JobEntities.toEntity(done, pk, "seed");
            List<TableTransactionAction> batch = byPartition.computeIfAbsent(pk, p -> new ArrayList<>());
            batch.add(new TableTransactionAction(TableTransactionActionType.CREATE, entity));
            if (batch.size() == 100) {
                table.submitTransaction(batch);
                batch.clear();
            }
        }
        byPartition.values().stream().filter(b -> !b.isEmpty()).forEach(table::submitTransaction);
    }

    /** Passes every call through and completes a future when a job is written in a terminal state. */
    private static final class NotifyingStore implements JobStore {
        private final JobStore delegate;
        private final CompletableFuture<Job> finished;

        NotifyingStore(JobStore delegate, CompletableFuture<Job> finished) {
            this.delegate = delegate;
            this.finished = finished;
        }

        @Override
        public Job create(Job job) {
            return delegate.create(job);
        }

        @Override
        public Optional<Job> find(String id) {
            return delegate.find(id);
        }

        @Override
        public Job update(Job job) {
            Job stored = delegate.update(job);
            if (stored.status().isTerminal()) {
                finished.complete(stored);
            }
            return stored;
        }

        @Override
        public List<Job> claimDue(String workerId, Instant now, Duration leaseDuration, int maxJobs) {
            return delegate.claimDue(workerId, now, leaseDuration, maxJobs);
        }

        @Override
        public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
            return delegate.findByIdempotencyKey(owner, idempotencyKey);
        }

        @Override
        public JobPage query(JobQuery query) {
            return delegate.query(query);
        }

        @Override
        public boolean delete(String id) {
            return delegate.delete(id);
        }

        @Override
        public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
            return delegate.purge(statuses, finishedBefore);
        }
    }
}
