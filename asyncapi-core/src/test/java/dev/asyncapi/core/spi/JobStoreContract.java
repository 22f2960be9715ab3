package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link JobStore} must show. A store implementation's test extends this class,
 * supplies a fresh, empty store per test with {@link #newStore()}, and must pass every test unchanged.
 *
 * <p>Instants used here are whole milliseconds in 2030, so stores that keep millisecond precision
 * round-trip them exactly.
 */
public abstract class JobStoreContract {

    /** A fixed instant all tests count from. */
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** The store under test, fresh for each test. */
    protected JobStore store;

    /**
     * Creates a fresh, empty store. Called before each test.
     *
     * @return the store under test
     */
    protected abstract JobStore newStore();

    /** Creates the store. */
    @BeforeEach
    void openStore() {
        store = newStore();
    }

    /** Closes the store. */
    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * A new Pending job, due at its creation instant.
     *
     * @param type      the type
     * @param owner     the owner, or null
     * @param createdAt creation instant
     * @return the unsaved job
     */
    protected static Job pending(String type, String owner, Instant createdAt) {
        return Job.newPending(JobIds.newId(), type, "{\"n\":1}", owner, null, createdAt, createdAt);
    }

    private Job createPending(Instant createdAt) {
        return store.create(pending("t", "alice", createdAt));
    }

    private Job complete(Job job, Instant at) {
        Job running = store.update(job.claim("w", at, at.plus(LEASE)));
        return store.update(running.complete(at, "{\"ok\":true}"));
    }

    private List<Job> readAll(JobQuery query) {
        List<Job> all = new ArrayList<>();
        JobPage page = store.query(query);
        all.addAll(page.jobs());
        int guard = 0;
        while (page.continuationToken().isPresent()) {
            assertThat(++guard).as("continuation tokens must end").isLessThan(10_000);
            page = store.query(query.withContinuationToken(page.continuationToken().get()));
            all.addAll(page.jobs());
        }
        return all;
    }

    private static Set<String> ids(List<Job> jobs) {
        Set<String> ids = new HashSet<>();
        jobs.forEach(j -> ids.add(j.id()));
        return ids;
    }

    // ---- create and read --------------------------------------------------------------------------

    @Test
    void createReturnsTheJobWithAVersionAndFindReadsItBack() {
        Job job = Job.newPending(JobIds.newId(), "report", "{\"from\":\"2021-10-10\",\"to\":\"2021-10-12\"}",
                "alice", "key-1", T0, T0.plusSeconds(5));
        Job created = store.create(job);

        assertThat(created.version()).isNotEmpty();
        Job read = store.find(job.id()).orElseThrow();
        assertThat(read.version()).isEqualTo(created.version());
        assertThat(read.id()).isEqualTo(job.id());
        assertThat(read.type()).isEqualTo("report");
        assertThat(read.inputJson()).isEqualTo(job.inputJson());
        assertThat(read.status()).isEqualTo(JobStatus.PENDING);
        assertThat(read.owner()).contains("alice");
        assertThat(read.idempotencyKey()).contains("key-1");
        assertThat(read.attempt()).isZero();
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.notBefore()).isEqualTo(T0.plusSeconds(5));
        assertThat(read.lease()).isEmpty();
        assertThat(read.outputJson()).isEmpty();
        assertThat(read.failure()).isEmpty();
    }

    @Test
    void everyFieldOfARunningAndAFinishedJobRoundTrips() {
        Job created = createPending(T0);
        Job running = store.update(created.claim("worker-a", T0.plusMillis(10), T0.plusSeconds(30))
                .withProgress(T0.plusMillis(20), "{\"done\":3}"));
        Job read = store.find(created.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(read.lease()).hasValueSatisfying(l -> {
            assertThat(l.workerId()).isEqualTo("worker-a");
            assertThat(l.expiresAt()).isEqualTo(T0.plusSeconds(30));
        });
        assertThat(read.attempt()).isEqualTo(1);
        assertThat(read.startedAt()).contains(T0.plusMillis(10));
        assertThat(read.progressJson()).contains("{\"done\":3}");
        assertThat(read.version()).isEqualTo(running.version());

        Job failed = store.update(read.fail(T0.plusSeconds(1), new JobFailure("Boom", "it went \"boom\"")));
        Job readFailed = store.find(created.id()).orElseThrow();
        assertThat(readFailed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(readFailed.failure()).contains(new JobFailure("Boom", "it went \"boom\""));
        assertThat(readFailed.finishedAt()).contains(T0.plusSeconds(1));
        assertThat(readFailed.lease()).isEmpty();
        assertThat(readFailed.version()).isEqualTo(failed.version());
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store.find(JobIds.newId())).isEmpty();
    }

    @Test
    void createRejectsADuplicateId() {
        Job job = pending("t", null, T0);
        store.create(job);

        assertThatThrownBy(() -> store.create(pending("other", null, T0).toBuilder().id(job.id()).build()))
                .isInstanceOf(DuplicateJobException.class);
        assertThat(store.find(job.id()).orElseThrow().type()).isEqualTo("t");
    }

    @Test
    void createRejectsASecondJobWithTheSameOwnerAndIdempotencyKey() {
        store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0));

        assertThatThrownBy(() -> store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0)))
                .isInstanceOfSatisfying(DuplicateJobException.class,
                        e -> assertThat(e.idempotencyKey()).contains("k"));
        assertThat(readAll(JobQuery.builder().build())).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyOfAnotherOwnerIsAnotherJob() {
        Job alices = store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0));
        Job bobs = store.create(Job.newPending(JobIds.newId(), "t", "{}", "bob", "k", T0, T0));
        Job nobodys = store.create(Job.newPending(JobIds.newId(), "t", "{}", null, "k", T0, T0));

        assertThat(store.findByIdempotencyKey("alice", "k")).map(Job::id).contains(alices.id());
        assertThat(store.findByIdempotencyKey("bob", "k")).map(Job::id).contains(bobs.id());
        assertThat(store.findByIdempotencyKey(null, "k")).map(Job::id).contains(nobodys.id());
        assertThat(store.findByIdempotencyKey("carol", "k")).isEmpty();
        assertThat(store.findByIdempotencyKey("alice", "other")).isEmpty();
    }

    @Test
    void concurrentCreatesWithOneIdempotencyKeyStoreOneJob() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Job> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        created.add(store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "race", T0, T0)));
                    } catch (DuplicateJobException expected) {
                        // the losers of the race
                    } catch (Throwable t) {
                        unexpected.add(t);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        assertThat(created).hasSize(1);
        assertThat(store.findByIdempotencyKey("alice", "race")).map(Job::id).contains(created.peek().id());
    }

    // ---- compare-and-set --------------------------------------------------------------------------

    @Test
    void updateChangesTheVersion() {
        Job created = createPending(T0);
        Job running = store.update(created.claim("w", T0, T0.plus(LEASE)));

        assertThat(running.version()).isNotEmpty().isNotEqualTo(created.version());
        assertThat(store.find(created.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void updateWithAStaleVersionIsRejectedAndChangesNothing() {
        Job created = createPending(T0);
        Job running = store.update(created.claim("w1", T0, T0.plus(LEASE)));

        // a second worker acting on the snapshot it read before the first claim
        assertThatThrownBy(() -> store.update(created.claim("w2", T0, T0.plus(LEASE))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThatThrownBy(() -> store.update(created.terminate(T0, "late")))
                .isInstanceOf(StaleJobVersionException.class);

        Job stored = store.find(created.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.lease().orElseThrow().workerId()).isEqualTo("w1");
        assertThat(stored.version()).isEqualTo(running.version());
    }

    @Test
    void onlyOneOfTwoWorkersRecordsAnOutcome() {
        Job created = createPending(T0);
        Job running = store.update(created.claim("w1", T0, T0.plus(LEASE)));

        store.update(running.complete(T0.plusSeconds(1), "1"));
        assertThatThrownBy(() -> store.update(running.fail(T0.plusSeconds(1), new JobFailure("X", "late"))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(store.find(created.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void updateOfADeletedJobIsStale() {
        Job created = createPending(T0);
        assertThat(store.delete(created.id())).isTrue();

        assertThatThrownBy(() -> store.update(created.claim("w", T0, T0.plus(LEASE))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(store.find(created.id())).isEmpty();
    }

    // ---- claiming ---------------------------------------------------------------------------------

    @Test
    void claimReturnsOnlyDueWork() {
        Job due = createPending(T0);
        Job notYetDue = store.create(Job.newPending(JobIds.newId(), "t", "{}", null, null, T0, T0.plusSeconds(60)));
        Job leased = store.update(createPending(T0).claim("other", T0, T0.plusSeconds(60)));
        Job expired = store.update(createPending(T0).claim("dead", T0, T0.plusSeconds(5)));
        Job completed = complete(createPending(T0), T0);

        List<Job> claimed = store.claimDue("me", T0.plusSeconds(10), LEASE, 100);

        assertThat(ids(claimed)).containsExactlyInAnyOrder(due.id(), expired.id());
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(j.lease().orElseThrow().workerId()).isEqualTo("me");
            assertThat(j.lease().orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(10).plus(LEASE));
        });
        assertThat(store.find(notYetDue.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(store.find(leased.id()).orElseThrow().lease().orElseThrow().workerId()).isEqualTo("other");
        assertThat(store.find(completed.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(store.find(due.id()).orElseThrow().lease().orElseThrow().workerId()).isEqualTo("me");
    }

    @Test
    void claimIncrementsTheAttempt() {
        Job due = createPending(T0);
        Job claimed = store.claimDue("me", T0, LEASE, 1).get(0);

        assertThat(claimed.id()).isEqualTo(due.id());
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.startedAt()).contains(T0);
    }

    @Test
    void claimIsBoundedByMaxJobs() {
        for (int i = 0; i < 7; i++) {
            createPending(T0);
        }
        assertThat(store.claimDue("a", T0, LEASE, 3)).hasSize(3);
        assertThat(store.claimDue("b", T0, LEASE, 3)).hasSize(3);
        assertThat(store.claimDue("c", T0, LEASE, 3)).hasSize(1);
        assertThat(store.claimDue("d", T0, LEASE, 3)).isEmpty();
    }

    @Test
    void anExpiredLeaseMakesAJobClaimableAgain() {
        createPending(T0);
        Job first = store.claimDue("w1", T0, Duration.ofSeconds(5), 10).get(0);

        assertThat(store.claimDue("w2", T0.plusSeconds(4), LEASE, 10)).isEmpty();
        List<Job> taken = store.claimDue("w2", T0.plusSeconds(6), LEASE, 10);

        assertThat(taken).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(first.id());
            assertThat(j.attempt()).isEqualTo(2);
            assertThat(j.lease().orElseThrow().workerId()).isEqualTo("w2");
        });
        assertThatThrownBy(() -> store.update(first.complete(T0.plusSeconds(7), "1")))
                .as("the worker that lost its lease cannot record an outcome")
                .isInstanceOf(StaleJobVersionException.class);
    }

    @Test
    void aRenewedLeaseIsNotClaimable() {
        createPending(T0);
        Job first = store.claimDue("w1", T0, Duration.ofSeconds(5), 10).get(0);
        store.update(first.renewLease(T0.plusSeconds(4), T0.plusSeconds(9)));

        assertThat(store.claimDue("w2", T0.plusSeconds(6), LEASE, 10)).isEmpty();
        assertThat(store.claimDue("w2", T0.plusSeconds(9), LEASE, 10)).hasSize(1);
    }

    @Test
    void aReleasedJobIsClaimableFromItsNotBefore() {
        createPending(T0);
        Job claimed = store.claimDue("w1", T0, LEASE, 10).get(0);
        store.update(claimed.release(T0.plusSeconds(1), T0.plusSeconds(20)));

        assertThat(store.claimDue("w2", T0.plusSeconds(19), LEASE, 10)).isEmpty();
        assertThat(store.claimDue("w2", T0.plusSeconds(20), LEASE, 10)).singleElement()
                .satisfies(j -> assertThat(j.attempt()).isEqualTo(2));
    }

    @Test
    void concurrentClaimersNeverGetTheSameJob() throws Exception {
        int jobs = 40;
        Set<String> created = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            created.add(createPending(T0).id());
        }
        int claimers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                String worker = "w" + c;
                futures.add(pool.submit(() -> {
                    start.await();
                    int emptyRounds = 0;
                    while (emptyRounds < 3) {
                        List<Job> batch = store.claimDue(worker, T0, LEASE, 3);
                        batch.forEach(j -> claimed.add(j.id()));
                        emptyRounds = batch.isEmpty() ? emptyRounds + 1 : 0;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> all = new ArrayList<>(claimed);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).isEqualTo(created);
    }

    // ---- query ------------------------------------------------------------------------------------

    @Test
    void queryFiltersByStatusTypeOwnerAndCreationRange() {
        Job a = store.create(pending("report", "alice", T0));
        Job b = store.create(pending("report", "bob", T0.plusSeconds(10)));
        Job c = store.create(pending("export", "alice", T0.plusSeconds(20)));
        Job d = complete(store.create(pending("report", "alice", T0.plusSeconds(30))), T0.plusSeconds(31));

        assertThat(ids(readAll(JobQuery.builder().build()))).containsExactlyInAnyOrder(a.id(), b.id(), c.id(), d.id());
        assertThat(ids(readAll(JobQuery.builder().statuses(JobStatus.COMPLETED).build()))).containsExactly(d.id());
        assertThat(ids(readAll(JobQuery.builder().statuses(JobStatus.PENDING, JobStatus.RUNNING).build())))
                .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(ids(readAll(JobQuery.builder().type("export").build()))).containsExactly(c.id());
        assertThat(ids(readAll(JobQuery.builder().owner("bob").build()))).containsExactly(b.id());
        assertThat(ids(readAll(JobQuery.builder().createdBetween(T0.plusSeconds(10), T0.plusSeconds(30)).build())))
                .containsExactlyInAnyOrder(b.id(), c.id());
        assertThat(ids(readAll(JobQuery.builder().owner("alice").type("report")
                .statuses(JobStatus.PENDING).build()))).containsExactly(a.id());
    }

    @Test
    void queryValuesWithQuotesMatchLiterallyAndNeverWidenTheQuery() {
        Job quoted = store.create(pending("t", "o'brien", T0));
        store.create(pending("t", "alice", T0));

        assertThat(ids(readAll(JobQuery.builder().owner("o'brien").build()))).containsExactly(quoted.id());
        assertThat(readAll(JobQuery.builder().owner("x' or 'a' eq 'a").build())).isEmpty();
        assertThat(readAll(JobQuery.builder().type("t' or true or 'x").build())).isEmpty();
    }

    @Test
    void followingContinuationTokensReturnsEveryJobExactlyOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            created.add(store.create(pending("t", "alice", T0.plusMillis(i * 10L))).id());
        }
        List<Job> all = readAll(JobQuery.builder().pageSize(5).build());

        assertThat(all).hasSize(23);
        assertThat(ids(all)).isEqualTo(created);
        assertThat(store.query(JobQuery.builder().pageSize(5).build()).jobs()).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void pagingWhileJobsAreAddedReturnsEveryEarlierJobExactlyOnce() {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            before.add(store.create(pending("t", "alice", T0.plusMillis(i))).id());
        }
        JobQuery query = JobQuery.builder().pageSize(4).build();
        List<String> seen = new ArrayList<>();
        JobPage page = store.query(query);
        int added = 0;
        while (true) {
            page.jobs().forEach(j -> seen.add(j.id()));
            store.create(pending("t", "alice", T0.plusSeconds(100 + added++)));
            if (page.continuationToken().isEmpty()) {
                break;
            }
            page = store.query(query.withContinuationToken(page.continuationToken().get()));
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
    }

    @Test
    void aMalformedContinuationTokenIsAnIllegalArgument() {
        assertThatThrownBy(() -> store.query(JobQuery.builder().continuationToken("%%not-a-token%%").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- delete and purge -------------------------------------------------------------------------

    @Test
    void deleteRemovesTheJobAndItsIdempotencyKey() {
        Job job = store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0));

        assertThat(store.delete(job.id())).isTrue();
        assertThat(store.delete(job.id())).isFalse();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.findByIdempotencyKey("alice", "k")).isEmpty();
        assertThat(store.claimDue("w", T0.plusSeconds(1), LEASE, 10)).isEmpty();
    }

    @Test
    void purgeDeletesTerminalJobsOlderThanTheCutOffInTheGivenStatuses() {
        Job oldCompleted = complete(createPending(T0), T0.plusSeconds(1));
        Job newCompleted = complete(createPending(T0), T0.plusSeconds(100));
        Job oldTerminated = store.update(createPending(T0).terminate(T0.plusSeconds(1), "stop"));
        Job running = store.update(createPending(T0).claim("w", T0, T0.plus(LEASE)));
        Job pendingJob = createPending(T0);

        assertThat(store.purge(Set.of(JobStatus.COMPLETED), T0.plusSeconds(50))).isEqualTo(1);
        assertThat(store.find(oldCompleted.id())).isEmpty();
        assertThat(store.find(newCompleted.id())).isPresent();
        assertThat(store.find(oldTerminated.id())).isPresent();

        assertThat(store.purge(Set.of(), T0.plusSeconds(50))).isEqualTo(1);
        assertThat(store.find(oldTerminated.id())).isEmpty();
        assertThat(store.find(running.id())).isPresent();
        assertThat(store.find(pendingJob.id())).isPresent();
        assertThat(store.find(newCompleted.id())).isPresent();
    }

    @Test
    void purgeRefusesNonTerminalStatuses() {
        Job job = createPending(T0);

        assertThatThrownBy(() -> store.purge(Set.of(JobStatus.PENDING), T0.plusSeconds(50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Pending");
        assertThat(store.find(job.id())).isPresent();
    }

    @Test
    void findAfterPurgeOfAnIdempotentJobFreesItsKey() {
        Job job = store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0));
        complete(job, T0.plusSeconds(1));
        store.purge(Set.of(), T0.plusSeconds(10));

        assertThat(store.findByIdempotencyKey("alice", "k")).isEmpty();
        Optional<Job> again = Optional.of(store.create(Job.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0, T0)));
        assertThat(again).isPresent();
    }
}
