package dev.asyncapi.azure.tables;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    @Test
    void aJobsHappyPathCostsThreeStorageTransactions() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("cost")).shardCount(SHARDS).addPolicy(counter).build();
        Instant now = T0.plusSeconds(1);
        counter.reset();

        Job created = store.create(
                JobTransitions.newPending(JobIds.newId(), "echo", "{\"text\":\"hello\"}", null, null, T0));
        // how an engine takes work: find due jobs of its types, then claim one with a compare-and-set update
        List<Job> due = store.findDue(Set.of("echo"), now, 1);
        Job running = store.update(JobTransitions.claim(due.get(0), "w", now, now.plus(Duration.ofMinutes(5))));
        Job done = store.update(JobTransitions.complete(running, now.plusSeconds(1), "{\"text\":\"HELLO\"}"));
        List<String> requests = counter.requests();

        assertThat(due).extracting(Job::id).containsExactly(created.id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(requests.stream().filter(r -> !r.startsWith("GET")))
                .as("create, claim and complete, one transaction each (all requests: %s)", requests).hasSize(3);
        assertThat(requests.stream().filter(r -> r.startsWith("GET")))
                .as("finding: at most one due query per shard, then one point read").hasSizeLessThanOrEqualTo(SHARDS + 1);
        assertThat(store.find(created.id()).orElseThrow().outputJson()).contains("{\"text\":\"HELLO\"}");
    }

    @Test
    void aCallbackCostsOneStorageTransactionMoreTheRecordedDelivery() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("cost")).shardCount(SHARDS).addPolicy(counter).build();
        Instant now = T0.plusSeconds(1);
        counter.reset();

        Job created = store.create(JobTransitions.newPending(JobIds.newId(), "echo", "{}", null, null,
                URI.create("https://hooks.example.com/done"), T0));
        Job running = store.update(JobTransitions.claim(created, "w", now, now.plus(Duration.ofMinutes(5))));
        // the pending delivery is recorded by the terminal write itself
        Job done = store.update(JobTransitions.complete(running, now.plusSeconds(1), "{}"));
        // what a deliverer writes once the receiver answered 2xx
        Job delivered = store.update(done.toBuilder().callback(done.callback().orElseThrow().delivered()).build());
        List<String> requests = counter.requests();

        assertThat(requests.stream().filter(r -> !r.startsWith("GET")))
                .as("create, claim, complete and the recorded delivery (all requests: %s)", requests).hasSize(4);
        assertThat(delivered.callback().orElseThrow().state()).isEqualTo(JobCallback.State.DELIVERED);
        assertThat(store.findDeliveriesDue(now.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void aStatusReadIsOnePointRead() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("read")).shardCount(SHARDS).addPolicy(counter).build();
        Job job = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", null, T0));
        counter.reset();

        assertThat(store.find(job.id())).isPresent();
        assertThat(counter.requests()).singleElement().asString().startsWith("GET").contains(job.id());
    }

    @Test
    void claimCostsTheSameWithNoAndWithTenThousandFinishedJobsAndABacklogOfAnotherType() {
        CountingPolicy emptyCounter = new CountingPolicy();
        AzureTableJobStore empty = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("flat")).shardCount(SHARDS).addPolicy(emptyCounter).build();
        CountingPolicy fullCounter = new CountingPolicy();
        AzureTableJobStore full = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("flat")).shardCount(SHARDS).addPolicy(fullCounter).build();
        insertFinishedJobs(full.tableName(), 10_000);
        for (int i = 0; i < 100; i++) {
            full.create(JobTransitions.newPending(JobIds.newId(), "other", "{}", null, null, T0.minusSeconds(60)));
        }
        for (AzureTableJobStore store : List.of(empty, full)) {
            for (int i = 0; i < 3; i++) {
                store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0));
            }
        }
        emptyCounter.reset();
        fullCounter.reset();

        List<Job> fromEmpty = claimDue(empty, T0.plusSeconds(1));
        List<Job> fromFull = claimDue(full, T0.plusSeconds(1));

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
            Job running = JobTransitions.claim(
                    JobTransitions.newPending(JobIds.newId(), "t", "{\"n\":" + i + "}", "alice", null, T0),
                    "w", T0, T0.plusSeconds(30));
            Job done = JobTransitions.complete(running, T0.plusSeconds(1), "{\"ok\":true}");
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

    /** What an engine does with the store: find due jobs, then claim each with a compare-and-set update. */
    private static List<Job> claimDue(AzureTableJobStore store, Instant now) {
        List<Job> claimed = new ArrayList<>();
        for (Job job : store.findDue(Set.of("t"), now, 10)) {
            claimed.add(store.update(JobTransitions.claim(job, "w", now, now.plusSeconds(30))));
        }
        return claimed;
    }
}
