package dev.asyncapi.postgres;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.StaleJobVersionException;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the PostgreSQL store promises beyond the contract: its index, batches, statement costs, fencing, limits. */
@ExtendWith(PostgresExtension.class)
class PostgresJobStoreIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final PostgresServer postgres;

    PostgresJobStoreIT(PostgresServer postgres) {
        this.postgres = postgres;
    }

    private static Job pending(String type, Instant at) {
        return JobTransitions.newPending(JobIds.newId(), type, "{\"n\":1}", "alice", null, at);
    }

    @Test
    void findDueReadsAPartialIndexThatHoldsOnlyPendingAndRunningJobs() throws SQLException {
        String schema = TestSchemas.unique("due");
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource()).schema(schema).build();
             Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            // 5,000 finished jobs written straight into the table, then a few due ones through the store
            s.execute("INSERT INTO \"" + schema + "\".asyncapi_jobs (id, type, status, input, output, attempt,"
                    + " created_at, updated_at, finished_at, not_before, write_token) SELECT 'done' || g, 't',"
                    + " 'Completed', '{}', '1', 1, now(), now(), now(), now(), gen_random_uuid()"
                    + " FROM generate_series(1, 5000) g");
            List<String> due = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                due.add(store.create(pending("t", T0)).id());
            }
            Job running = store.update(JobTransitions.claim(store.create(pending("t", T0)), "w", T0, T0.plus(LEASE)));
            s.execute("VACUUM ANALYZE \"" + schema + "\".asyncapi_jobs");

            try (ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema
                    + "' AND indexname = 'asyncapi_jobs_due'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("(type, due_at, id)")
                        .contains("WHERE (status = ANY (ARRAY['Pending'::text, 'Running'::text]))");
            }
            try (ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class c JOIN pg_namespace n ON n.oid ="
                    + " c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relname = 'asyncapi_jobs_due'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("entries of the due index").isEqualTo(4);
            }
            String plan = explain(c, store.findDueSql(), ps -> {
                ps.setArray(1, c.createArrayOf("text", new String[] {"t"}));
                JobRows.setInstant(ps, 2, T0.plusSeconds(10));
                ps.setInt(3, 10);
                ps.setInt(4, 10);
            });
            assertThat(plan).contains("Index Scan using asyncapi_jobs_due").doesNotContain("Seq Scan on asyncapi_jobs");
            String claimPlan = explainClaim(c, store, "t");
            assertThat(claimPlan).as("the claim of one type").contains("Index Scan using asyncapi_jobs_due")
                    .contains("Index Scan using asyncapi_jobs_pkey")
                    .contains("LockRows").doesNotContain("Seq Scan").doesNotContain("Sort");
            assertThat(store.findDue(Set.of("t"), T0.plusSeconds(10), 10)).extracting(Job::id)
                    .containsExactlyInAnyOrderElementsOf(due);
            assertThat(store.findDue(Set.of("t"), T0.plus(LEASE), 10)).extracting(Job::id).contains(running.id());
        }
    }

    /** The plan of the store's claim of the given types, due at T0 + 10 s, one line per node. */
    private static String explainClaim(Connection c, PostgresJobStore store, String... types) throws SQLException {
        DueClaim claim = DueClaim.of("w", T0.plusSeconds(10), T0.plusSeconds(40), Set.of("skipped"));
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = store.prepareClaim(c, "EXPLAIN ", types, 10, claim);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /**
     * The generic plan of the store's claim of the given types (the plan a prepared statement keeps once PostgreSQL
     * finds it no worse than the custom ones), through SQL's {@code PREPARE} and {@code EXPLAIN EXECUTE}.
     */
    private static String explainGenericClaim(Statement s, PostgresJobStore store, String... types)
            throws SQLException {
        String sql = store.claimSql(types);
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        String asked = types.length == 1 ? "'" + types[0] + "'" : "'{" + String.join(",", types) + "}'";
        String limits = types.length == 1 ? "10" : "10, 10";
        s.execute("PREPARE claim AS " + numbered);
        try {
            s.execute("SET plan_cache_mode = force_generic_plan");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim('2030-01-01T00:00:10Z', '2030-01-01T00:00:10Z',"
                    + " 'w', '2030-01-01T00:00:40Z', gen_random_uuid(), " + asked + ", '2030-01-01T00:00:10Z',"
                    + " '{skipped}', " + limits + ")")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } finally {
            s.execute("RESET plan_cache_mode");
            s.execute("DEALLOCATE claim");
        }
    }

    @Test
    void theClaimStaysOnItsIndexesOnAFreshTableWithoutStatisticsAndAsAGenericPlan() throws SQLException {
        String schema = TestSchemas.unique("freshclaim");
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource()).schema(schema).build();
             Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            String jobs = "\"" + schema + "\".asyncapi_jobs";
            // no statistics at all: autovacuum kept off this table, and no ANALYZE, as on a store's first minutes
            s.execute("ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)");
            s.execute("INSERT INTO " + jobs + " (id, type, status, input, output, attempt, created_at, updated_at,"
                    + " finished_at, not_before, write_token) SELECT 'done' || g, 't', 'Completed', '{}', '1', 1, now(),"
                    + " now(), now(), now(), gen_random_uuid() FROM generate_series(1, 20000) g");
            s.execute("INSERT INTO " + jobs + " (id, type, status, input, attempt, created_at, updated_at,"
                    + " not_before, write_token) SELECT 'due' || g, 't', 'Pending', '{}', 0, now(), now(),"
                    + " '2030-01-01Z', gen_random_uuid() FROM generate_series(1, 20000) g");
            try (ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = '" + jobs + "'::regclass")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("rows the planner knows of").isNotPositive();
            }
            for (String[] types : List.of(new String[] {"t"}, new String[] {"t", "u"})) {
                String plan = explainClaim(c, store, types);
                assertThat(plan).as("types %s:%n%s", List.of(types), plan).contains("Index Scan using asyncapi_jobs_due")
                        .contains("Index Scan using asyncapi_jobs_pkey").contains("LockRows")
                        .doesNotContain("Seq Scan").doesNotContain("Hash Join");
                // a prepared statement run often gets a generic plan, made without the parameters' values
                String generic = explainGenericClaim(s, store, types);
                assertThat(generic).as("generic, types %s:%n%s", List.of(types), generic).contains("$7")
                        .contains("Index Scan using asyncapi_jobs_due").contains("Index Scan using asyncapi_jobs_pkey")
                        .contains("LockRows").doesNotContain("Seq Scan").doesNotContain("Hash Join");
            }
        }
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** The plan PostgreSQL chooses for {@code sql} with the given parameters, one line per node. */
    private static String explain(Connection c, String sql, Parameters parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            parameters.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    @Test
    void purgeDeletesInBatchesOfTheConfiguredSize() throws Exception {
        String schema = TestSchemas.unique("purge");
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(schema).purgeBatchSize(10).build();
             Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"" + schema + "\".asyncapi_jobs (id, type, status, input, output, attempt,"
                    + " created_at, updated_at, finished_at, not_before, write_token) SELECT 'done' || g, 't',"
                    + " 'Completed', '{}', '1', 1, '2030-01-01Z', '2030-01-01Z', '2030-01-01Z', '2030-01-01Z',"
                    + " gen_random_uuid() FROM generate_series(1, 25) g");
            Job pendingJob = store.create(pending("t", T0));
            assertThat(store.notifier().awaitSent(Duration.ofSeconds(30))).isTrue();
            ds.reset();

            assertThat(store.purge(Set.of(), T0.plusSeconds(1))).isEqualTo(25);
            assertThat(ds.count("DELETE")).as("statements of 10, 10 and 5 jobs").isEqualTo(3);
            assertThat(ds.statements).allSatisfy(sql -> assertThat(sql).contains("LIMIT ?"));
            assertThat(store.find(pendingJob.id())).isPresent();

            ds.reset();
            assertThat(store.purge(Set.of(), T0.plusSeconds(1))).isZero();
            assertThat(ds.count("DELETE")).isEqualTo(1);
        }
    }

    @Test
    void ofManyThreadsUpdatingOneVersionExactlyOneWins() throws Exception {
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource())
                .schema(TestSchemas.unique("cas")).build()) {
            Job created = store.create(pending("t", T0));
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
            AtomicInteger stale = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String worker = "w" + i;
                    futures.add(pool.submit(() -> {
                        Job claim = JobTransitions.claim(created, worker, T0, T0.plus(LEASE));
                        start.await(30, TimeUnit.SECONDS);
                        try {
                            store.update(claim);
                            winners.add(worker);
                        } catch (StaleJobVersionException lost) {
                            stale.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(winners).hasSize(1);
            assertThat(stale.get()).isEqualTo(threads - 1);
            Job stored = store.find(created.id()).orElseThrow();
            assertThat(stored.lease().orElseThrow().workerId()).isEqualTo(winners.peek());
            assertThat(stored.attempt()).isEqualTo(1);
        }
    }

    @Test
    void eachOperationCostsOneStatementOnOneConnection() {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("cost")).build()) {
            Job job = JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "key", T0);

            // the store is quiet: the INSERT announces itself
            assertCost(ds, store, "INSERT", WITHIN, () -> store.create(job));
            assertCost(ds, store, "SELECT", SILENT, () -> store.find(job.id()));
            assertCost(ds, store, "SELECT", SILENT, () -> store.findByIdempotencyKey("alice", "key"));
            Job found = store.findDue(Set.of("t"), T0, 10).get(0);
            assertCost(ds, store, "SELECT", SILENT, () -> store.findDue(Set.of("t", "u", "v"), T0, 10));
            Job[] running = new Job[1];
            assertCost(ds, store, "UPDATE", SILENT,
                    () -> running[0] = store.update(JobTransitions.claim(found, "w", T0, T0.plus(LEASE))));
            assertCost(ds, store, "UPDATE", SILENT,
                    () -> running[0] = store.update(JobTransitions.renewLease(running[0], T0, T0.plus(LEASE))));
            assertCost(ds, store, "UPDATE", ANNOUNCED,
                    () -> store.update(JobTransitions.complete(running[0], T0.plusSeconds(1), "1")));
            assertCost(ds, store, "SELECT", SILENT,
                    () -> store.query(JobQuery.builder().owner("alice").statuses(JobStatus.COMPLETED).build()));
            assertCost(ds, store, "DELETE", SILENT, () -> store.purge(Set.of(), T0));
            assertCost(ds, store, "DELETE", ANNOUNCED, () -> store.delete(job.id()));
            ds.reset();
            assertThat(store.find("not a well-formed id")).isEmpty();
            assertThat(ds.connections.get()).isZero();
        }
    }

    @Test
    void aClaimCostsOneStatementOnOneConnectionWhateverItsSize() throws Exception {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("claimcost")).build()) {
            for (int size : new int[] {5, 40}) {
                for (int i = 0; i < size; i++) {
                    store.create(pending("t", T0));
                }
                assertThat(store.notifier().awaitSent(Duration.ofSeconds(30))).isTrue();
                ds.reset();

                List<ClaimedJob> claimed = store.claimDue(Set.of("t"), size, DueClaim.of("w", T0, T0.plus(LEASE),
                        Set.of()));

                assertThat(ds.connections.get()).as("connections").isEqualTo(1);
                assertThat(ds.statements).as("executed: one UPDATE of the rows its locking scan picked").hasSize(1);
                assertThat(ds.statements.get(0)).startsWith("UPDATE").contains("FOR UPDATE SKIP LOCKED")
                        .doesNotContain("COMMIT");
                assertThat(store.notifier().awaitSent(Duration.ofSeconds(30))).isTrue();
                assertThat(ds.statements).as("claims announce nothing").hasSize(1);
                assertThat(claimed).hasSize(size).allSatisfy(c -> assertThat(store.find(c.job().id()).orElseThrow())
                        .as("the claim as returned is the row").isEqualTo(c.job()));
            }
        }
    }

    @Test
    void aClaimOfSeveralTypesTakesTheEarliestDueOfEachAndSkipsWhatItIsTold() {
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource())
                .schema(TestSchemas.unique("claimtypes")).build()) {
            List<Job> t = new ArrayList<>();
            List<Job> u = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // no ties: jobs due at the same instant come in id order, and ids are random
                t.add(store.create(pending("t", T0).toBuilder().notBefore(T0.plusMillis(1000L * i + 500)).build()));
                u.add(store.create(pending("u", T0).toBuilder().notBefore(T0.plusSeconds(i)).build()));
            }
            Instant now = T0.plusSeconds(10);

            List<ClaimedJob> claimed = store.claimDue(Set.of("t", "u"), 3,
                    DueClaim.of("w", now, now.plus(LEASE), Set.of(t.get(0).id())));

            assertThat(claimed).extracting(c -> c.job().id()).as("earliest due first, the skipped job left alone")
                    .containsExactly(u.get(0).id(), u.get(1).id(), t.get(1).id());
            assertThat(claimed).extracting(ClaimedJob::dueSince)
                    .containsExactly(T0, T0.plusSeconds(1), T0.plusMillis(1500));
            assertThat(store.find(t.get(0).id()).orElseThrow()).isEqualTo(t.get(0));
        }
    }

    /** How an operation announces its write: not at all, within its own statement, or afterwards. */
    private enum Announced { SILENT, WITHIN, AFTER }

    private static final Announced SILENT = Announced.SILENT;
    private static final Announced WITHIN = Announced.WITHIN;
    private static final Announced ANNOUNCED = Announced.AFTER;

    /**
     * Runs one operation and checks that it prepared one statement on one connection, and that the store announced
     * it within that statement, afterwards (one more statement, on a connection of its own) or not.
     */
    private static void assertCost(RecordingDataSource ds, PostgresJobStore store, String keyword, Announced announced,
                                   Runnable operation) {
        ds.reset();
        operation.run();
        try {
            assertThat(store.notifier().awaitSent(Duration.ofSeconds(30))).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        List<String> own = ds.statements.stream().filter(s -> s.startsWith(keyword)).toList();
        List<String> notifying = ds.statements.stream().filter(s -> s.contains("pg_notify")).toList();
        assertThat(own).as("statements").hasSize(1);
        switch (announced) {
            case SILENT -> assertThat(notifying).as("announcements").isEmpty();
            case WITHIN -> assertThat(notifying).as("announcements").isEqualTo(own);
            case AFTER -> assertThat(notifying).as("announcements").hasSize(1).doesNotContainAnyElementsOf(own);
        }
        assertThat(ds.statements).as("all statements").hasSize(announced == Announced.AFTER ? 2 : 1);
        assertThat(ds.connections.get()).as("connections").isEqualTo(announced == Announced.AFTER ? 2 : 1);
    }

    @Test
    void aWriteWhoseAnswerWasLostIsRecognisedAsDoneWhenRetried() {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("lost"))
                .retry(3, Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            ds.reset();
            ds.loseTheAnswerOfTheNext(sql -> sql.startsWith("INSERT"));
            Job created = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0));
            assertThat(ds.count("INSERT")).as("the create ran twice").isEqualTo(2);
            assertThat(store.find(created.id()).orElseThrow().version()).isEqualTo(created.version());

            ds.loseTheAnswerOfTheNext(sql -> sql.startsWith("UPDATE"));
            ds.reset();
            Job running = store.update(JobTransitions.claim(created, "w", T0, T0.plus(LEASE)));
            assertThat(ds.count("UPDATE")).as("the update ran twice").isEqualTo(2);
            assertThat(store.find(created.id()).orElseThrow().version()).isEqualTo(running.version());

            // a stale update stays stale after a retry: the token in the row is another writer's
            ds.loseTheAnswerOfTheNext(sql -> sql.startsWith("UPDATE"));
            store.update(JobTransitions.renewLease(running, T0, T0.plus(LEASE)));
            assertThatThrownBy(() -> store.update(JobTransitions.complete(running, T0, "1")))
                    .isInstanceOf(StaleJobVersionException.class);
        }
    }

    @Test
    void aJobOverThePayloadLimitIsRefusedBeforeAnythingIsSent() {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("size"))
                .maxPayloadBytes(1024).build()) {
            String big = "\"" + "é".repeat(600) + "\"";
            ds.reset();
            assertThatThrownBy(() -> store.create(JobTransitions.newPending(JobIds.newId(), "t", big, null, null, T0)))
                    .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("1024");
            assertThat(ds.connections.get()).isZero();

            Job running = store.update(JobTransitions.claim(store.create(pending("t", T0)), "w", T0, T0.plus(LEASE)));
            assertThatThrownBy(() -> store.update(JobTransitions.complete(running, T0, big)))
                    .isInstanceOf(PayloadTooLargeException.class);
            assertThat(store.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void instantsAreKeptToTheMicrosecondAndTheReturnedSnapshotSaysSo() {
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource())
                .schema(TestSchemas.unique("micros")).build()) {
            Instant fine = T0.plusNanos(123_456_789);
            Job created = store.create(pending("t", fine));

            assertThat(created.createdAt()).isEqualTo(T0.plusNanos(123_456_000));
            assertThat(store.find(created.id()).orElseThrow()).isEqualTo(created);
        }
    }

    @Test
    void storesStartingAtOnceApplyTheSchemaOnce() throws Exception {
        String schema = TestSchemas.unique("race");
        int instances = 4;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<PostgresJobStore> stores = new ArrayList<>();
        try {
            List<Future<PostgresJobStore>> futures = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return PostgresJobStore.builder(postgres.dataSource()).schema(schema).build();
                }));
            }
            for (Future<PostgresJobStore> f : futures) {
                stores.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(PostgresJobStore::close);
        }
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description FROM \"" + schema
                     + "\".asyncapi_schema_version ORDER BY version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("jobs");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void withoutCreateSchemaNothingIsSentAndAMissingTableSaysHowToFixIt() {
        RecordingDataSource ds = new RecordingDataSource(postgres.dataSource());
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(TestSchemas.unique("absent"))
                .createSchema(false).build()) {
            assertThat(ds.connections.get()).isZero();
            assertThatThrownBy(() -> store.find(JobIds.newId()))
                    .isInstanceOfSatisfying(PostgresStoreException.class,
                            e -> assertThat(e.sqlState()).contains("42P01"))
                    .hasMessageContaining("createSchema(true)");
            assertThat(ds.connections.get()).as("not retried").isEqualTo(1);
        }
    }

    @Test
    void twoPrefixesInOneSchemaAreTwoStores() {
        String schema = TestSchemas.unique("prefixes");
        try (PostgresJobStore a = PostgresJobStore.builder(postgres.dataSource()).schema(schema).tablePrefix("a_").build();
             PostgresJobStore b = PostgresJobStore.builder(postgres.dataSource()).schema(schema).tablePrefix("b_").build()) {
            Job job = a.create(pending("t", T0));

            assertThat(a.find(job.id())).isPresent();
            assertThat(b.find(job.id())).isEmpty();
            assertThat(b.findDue(Set.of("t"), T0, 10)).isEmpty();
            assertThat(a.channel()).isEqualTo(schema + ".a_jobs");
        }
    }

    @Test
    void theSchemaScriptIsTheShippedSqlRenderedForTheStoresNames() throws SQLException {
        String schema = TestSchemas.unique("script");
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource()).schema(schema)
                .tablePrefix("mine_").createSchema(false).build()) {
            String script = store.schemaScript();
            assertThat(script).contains("CREATE TABLE \"" + schema + "\".\"mine_jobs\"").doesNotContain("${");

            // what a team running its own migrations does: create the schema, run the script
            try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                s.execute(script);
            }
            Job job = store.create(pending("t", T0));
            assertThat(store.find(job.id())).isPresent();
        }
    }

    @Test
    void instantsFromTheFirstYearToBeyondTheLastFourDigitOneAreStoredAndComparedExactly() {
        try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource())
                .schema(TestSchemas.unique("instants")).build()) {
            Instant first = Instant.parse("0001-01-01T00:00:00Z");
            Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
            Instant beyond = Instant.parse("+10000-06-01T12:00:00.000001Z");
            for (Instant at : List.of(first, last, beyond)) {
                Job created = store.create(pending("t", at));
                Job read = store.find(created.id()).orElseThrow();
                assertThat(read.createdAt()).as("written as text or through the driver").isEqualTo(at);
                assertThat(read.notBefore()).isEqualTo(at);
                Job claimed = store.update(JobTransitions.claim(read, "w", at, at.plusSeconds(30)));
                assertThat(store.find(created.id()).orElseThrow().lease().orElseThrow().expiresAt())
                        .isEqualTo(claimed.lease().orElseThrow().expiresAt());
            }
            assertThat(store.query(JobQuery.builder().createdBetween(last, beyond.plusSeconds(1)).build()).jobs())
                    .extracting(Job::createdAt).containsExactly(last, beyond);
        }
    }
}
