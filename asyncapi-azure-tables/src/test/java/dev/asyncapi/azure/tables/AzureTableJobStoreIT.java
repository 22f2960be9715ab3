package dev.asyncapi.azure.tables;

import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import dev.asyncapi.azure.tables.azurite.AzuriteExtension;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.spi.StaleJobVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour specific to Table Storage: payload limits, escaping, ETags, error classification. */
@ExtendWith(AzuriteExtension.class)
class AzureTableJobStoreIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final AzuriteServer azurite;

    AzureTableJobStoreIT(AzuriteServer azurite) {
        this.azurite = azurite;
    }

    private AzureTableJobStore newStore() {
        return AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("store")).shardCount(2).build();
    }

    private static String json(int chars, char fill) {
        return "\"" + String.valueOf(fill).repeat(chars - 2) + "\"";
    }

    @Test
    void aPayloadOverSixtyFourKibIsSplitAcrossPropertiesAndJoinedOnRead() {
        AzureTableJobStore store = newStore();
        // 200,000 chars with a surrogate pair straddling the first chunk boundary
        String input = "\"" + "a".repeat(JobEntities.CHUNK_CHARS - 2) + "\uD83D\uDE00" + "b".repeat(200_000) + "\"";
        Job job = store.create(JobTransitions.newPending(JobIds.newId(), "t", input, null, null, T0));
        Job running = store.update(JobTransitions.claim(job, "w", T0, T0.plus(LEASE)));
        String output = json(150_000, 'o');
        store.update(JobTransitions.complete(running, T0.plusSeconds(1), output));

        Job read = store.find(job.id()).orElseThrow();
        assertThat(read.inputJson()).isEqualTo(input);
        assertThat(read.outputJson()).contains(output);
        TableEntity raw = new TableServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getTableClient(store.tableName()).getEntity(Keys.partition(0).equals(raw(store, job)) ? Keys.partition(0)
                        : Keys.partition(1), Keys.jobRow(job.id()));
        assertThat(raw.getProperties()).containsKeys("input", "input__1", "input__parts", "output__1");
        assertThat(raw.getProperties().get("input").toString()).hasSizeLessThanOrEqualTo(JobEntities.CHUNK_CHARS);
    }

    private static String raw(AzureTableJobStore store, Job job) {
        return new Keys(store.shardCount()).partitionOf(job.id());
    }

    @Test
    void anInputOverTheEntityLimitIsRejectedAtCreateAndNothingIsStored() {
        AzureTableJobStore store = newStore();
        Job huge = JobTransitions.newPending(JobIds.newId(), "t", json(600_000, 'x'), "alice", "big", T0);

        assertThatThrownBy(() -> store.create(huge)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining(huge.id()).hasMessageContaining("1048576");
        assertThat(store.find(huge.id())).isEmpty();
        assertThat(store.findByIdempotencyKey("alice", "big")).isEmpty();
        assertThat(store.findDue(Set.of("t"), T0.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void anOutputOverTheEntityLimitIsAPayloadErrorAndLeavesTheJobRunning() {
        AzureTableJobStore store = newStore();
        Job running = store.update(JobTransitions.claim(
                store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0)), "w", T0, T0.plus(LEASE)));

        assertThatThrownBy(() -> store.update(JobTransitions.complete(running, T0.plusSeconds(1), json(700_000, 'y'))))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(store.find(running.id()).orElseThrow().version()).isEqualTo(running.version());
    }

    record Size(int chars) {
    }

    record Blob(String data) {
    }

    @Test
    void theEngineFailsAJobWhoseOutputIsTooLargeWithOutputTooLarge() throws Exception {
        AzureTableJobStore store = newStore();
        try (AsyncJobs jobs = AsyncJobs.builder().store(store)
                .register("blob", Size.class, Blob.class, (in, ctx) -> new Blob("z".repeat(in.chars())))
                .build()) {
            Job job = jobs.submit("blob", new Size(800_000));
            Job done = jobs.await(job.id(), Duration.ofSeconds(30));

            assertThat(done.status()).isEqualTo(JobStatus.FAILED);
            assertThat(done.failure()).map(JobFailure::code).contains(JobFailure.OUTPUT_TOO_LARGE);
        }
    }

    @Test
    void aValueWithQuotesMatchesLiterallyAndCannotWidenAQuery() {
        AzureTableJobStore store = newStore();
        Job quoted = store.create(JobTransitions.newPending(JobIds.newId(), "it's", "{}", "o'brien", null, T0));
        store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", null, T0));

        assertThat(store.query(JobQuery.builder().owner("o'brien").build()).jobs()).extracting(Job::id)
                .containsExactly(quoted.id());
        assertThat(store.query(JobQuery.builder().type("it's").build()).jobs()).extracting(Job::id)
                .containsExactly(quoted.id());
        assertThat(store.query(JobQuery.builder().owner("alice' or owner ne 'x").build()).jobs()).isEmpty();
        assertThat(store.query(JobQuery.builder().type("t') or (RowKey ge '").build()).jobs()).isEmpty();
        assertThat(store.findDue(Set.of("it's"), T0.plusSeconds(1), 10)).extracting(Job::id).containsExactly(quoted.id());
        assertThat(store.findDue(Set.of("x') or (RowKey ge '"), T0.plusSeconds(1), 10)).isEmpty();
        assertThat(store.find("x' or RowKey ge '")).isEmpty();
        assertThat(store.findByIdempotencyKey("alice' or 'a' eq 'a", "k")).isEmpty();
    }

    private static Job dueAt(String type, Instant at) {
        return JobTransitions.newPending(JobIds.newId(), type, "{}", null, null, at);
    }

    @Test
    void findDueReturnsOnlyDueJobsOfTheAskedTypes() {
        AzureTableJobStore store = newStore();
        List<String> as = List.of(store.create(dueAt("a", T0)).id(), store.create(dueAt("a", T0)).id());
        List<String> bs = List.of(store.create(dueAt("b", T0)).id(), store.create(dueAt("b", T0)).id());
        store.create(dueAt("c", T0));
        store.create(dueAt("a", T0.plusSeconds(60)));
        Instant now = T0.plusSeconds(1);

        assertThat(store.findDue(Set.of("a"), now, 10)).extracting(Job::id).containsExactlyInAnyOrderElementsOf(as);
        assertThat(store.findDue(Set.of("a", "b"), now, 10)).extracting(Job::id)
                .containsExactlyInAnyOrder(as.get(0), as.get(1), bs.get(0), bs.get(1));
        assertThat(store.findDue(Set.of("d"), now, 10)).isEmpty();
        assertThat(store.findDue(Set.of("a", "b", "c"), now, 3)).hasSize(3);
    }

    @Test
    void aBacklogOfAForeignTypeDoesNotHideADueJobOfTheAskedType() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("backlog")).shardCount(1).addPolicy(counter).build();
        // due earlier than the job asked for, so they sort first in the one partition's due index
        for (int i = 0; i < 60; i++) {
            store.create(dueAt("flood", T0.minusSeconds(600 - i)));
        }
        Job wanted = store.create(dueAt("a", T0));
        counter.reset();

        List<Job> due = store.findDue(Set.of("a"), T0.plusSeconds(1), 2);

        assertThat(due).extracting(Job::id).containsExactly(wanted.id());
        assertThat(counter.requests()).as("the type is filtered on the service: one due query, one point read")
                .hasSize(2);
    }

    @Test
    void aMovedDueRowKeepsItsTypeSoAnExpiredLeaseIsFoundOnlyByItsType() {
        AzureTableJobStore store = newStore();
        Job running = store.update(JobTransitions.claim(store.create(dueAt("a", T0)), "w", T0, T0.plus(LEASE)));
        Instant afterLease = T0.plus(LEASE).plusSeconds(1);

        assertThat(store.findDue(Set.of("a"), T0.plusSeconds(1), 10)).isEmpty();
        assertThat(store.findDue(Set.of("b"), afterLease, 10)).isEmpty();
        assertThat(store.findDue(Set.of("a"), afterLease, 10)).extracting(Job::id).containsExactly(running.id());
        Job reclaimed = store.update(JobTransitions.claim(store.findDue(Set.of("a"), afterLease, 1).get(0), "w2",
                afterLease, afterLease.plus(LEASE)));
        assertThat(reclaimed.attempt()).isEqualTo(2);
        assertThat(store.findDue(Set.of("a"), afterLease, 10)).isEmpty();
    }

    @Test
    void findDueRefusesNoTypesAndALimitBelowOne() {
        AzureTableJobStore store = newStore();

        assertThatThrownBy(() -> store.findDue(Set.of(), T0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("types cannot be empty");
        assertThatThrownBy(() -> store.findDue(Set.of("a"), T0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> store.findDue(null, T0, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.findDue(Set.of("a"), null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void twoStoresOnOneTableFenceEachOtherWithETags() {
        AzureTableJobStore a = newStore();
        AzureTableJobStore b = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(a.tableName()).shardCount(a.shardCount()).build();
        Job created = a.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0));
        Job seenByB = b.find(created.id()).orElseThrow();

        Job claimedByA = a.update(JobTransitions.claim(created, "a", T0, T0.plus(LEASE)));

        assertThatThrownBy(() -> b.update(JobTransitions.claim(seenByB, "b", T0, T0.plus(LEASE))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(b.find(created.id()).orElseThrow().lease().orElseThrow().workerId()).isEqualTo("a");
        assertThat(b.find(created.id()).orElseThrow().version()).isEqualTo(claimedByA.version());
    }

    @Test
    void aProgressOnlyUpdateIsOneRequestAndItsVersionWorksForTheNextUpdate() {
        CountingPolicy counter = new CountingPolicy();
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(TestTables.unique("progress")).addPolicy(counter).build();
        Job running = store.update(JobTransitions.claim(
                store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0)), "w", T0, T0.plus(LEASE)));
        counter.reset();

        Job progressed = store.update(JobTransitions.withProgress(running, T0.plusSeconds(1), "{\"done\":1}"));
        assertThat(counter.requests()).singleElement().asString().startsWith("PUT");
        Job done = store.update(JobTransitions.complete(progressed, T0.plusSeconds(2), "1"));

        assertThat(store.find(running.id()).orElseThrow().version()).isEqualTo(done.version());
        assertThatThrownBy(() -> store.update(JobTransitions.withProgress(progressed, T0.plusSeconds(3), "{}")))
                .isInstanceOf(StaleJobVersionException.class);
    }

    @Test
    void aStoreOnAClientBuiltElsewhereStillFencesCorrectly() {
        String table = TestTables.unique("client");
        AzureTableJobStore store = AzureTableJobStore.builder()
                .serviceClient(new TableServiceClientBuilder().connectionString(azurite.connectionString()).buildClient())
                .tableName(table).build();
        Job created = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, null, T0));
        Job running = store.update(JobTransitions.claim(created, "w", T0, T0.plus(LEASE)));
        Job done = store.update(JobTransitions.complete(running, T0.plusSeconds(1), "1"));

        assertThat(store.find(created.id()).orElseThrow().version()).isEqualTo(done.version());
        assertThatThrownBy(() -> store.update(JobTransitions.fail(running, T0, new JobFailure("X", "late"))))
                .isInstanceOf(StaleJobVersionException.class);
    }

    @Test
    void aTableWithAnotherShardCountIsRefused() {
        AzureTableJobStore store = newStore();

        assertThatThrownBy(() -> AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName(store.tableName()).shardCount(5).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 shards").hasMessageContaining("5");
    }

    @Test
    void aWrongAccountKeyIsAClearAccessErrorNotRetriedNorSwallowed() {
        String wrongKey = azurite.connectionString().replace(AzuriteServer.ACCOUNT_KEY,
                java.util.Base64.getEncoder().encodeToString(new byte[64]));

        assertThatThrownBy(() -> AzureTableJobStore.builder().connectionString(wrongKey)
                .tableName(TestTables.unique("denied")).build())
                .isInstanceOf(TableStoreAccessDeniedException.class)
                .hasMessageContaining("403").hasMessageContaining("Storage Table Data Contributor")
                .hasMessageNotContaining(AzuriteServer.ACCOUNT_KEY);
    }

    @Test
    void anUnreachableServiceIsRetriedThenReportedUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CountingPolicy counter = new CountingPolicy();
        String nowhere = azurite.connectionString().replace(":" + azurite.port() + "/", ":" + closedPort + "/");

        assertThatThrownBy(() -> AzureTableJobStore.builder().connectionString(nowhere).addPolicy(counter)
                .retry(3, Duration.ofMillis(10), Duration.ofMillis(20)).build())
                .isInstanceOf(JobStoreUnavailableException.class).hasMessageContaining("after 3 attempts");
        assertThat(counter.count()).isEqualTo(3);
    }
}
