package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.core.internal.JobTransitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every {@link JobStore} must show. A store implementation's test extends this class,
 * supplies a fresh, empty store per test with {@link #newStore()}, and must pass every test unchanged.
 *
 * <p>Instants used here are whole milliseconds in 2030, so stores that keep millisecond precision
 * round-trip them exactly. Jobs are moved from one status to the next with
 * {@link JobTransitions}, as the engine moves them, and claimed as the engine claims them: a
 * {@link JobStore#findDue} of the types it runs, then {@link JobStore#update} of each found job.
 * The tests assert what {@code findDue} must return, never an order beyond what its Javadoc promises.
 */
public abstract class JobStoreContract {

    /** A fixed instant all tests count from. */
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** The one type most tests store and look for. */
    private static final Set<String> T = Set.of("t");

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
        return JobTransitions.newPending(JobIds.newId(), type, "{\"n\":1}", owner, null, createdAt);
    }

    /**
     * A new Pending job that no worker may claim before {@code notBefore}.
     *
     * @param type      the type
     * @param createdAt creation instant
     * @param notBefore the instant from which it is due
     * @return the unsaved job
     */
    protected static Job pendingFrom(String type, Instant createdAt, Instant notBefore) {
        return pending(type, null, createdAt).toBuilder().notBefore(notBefore).build();
    }

    private Job createPending(Instant createdAt) {
        return store.create(pending("t", "alice", createdAt));
    }

    private Job claim(Job job, String workerId, Instant now, Instant leaseExpiresAt) {
        return store.update(JobTransitions.claim(job, workerId, now, leaseExpiresAt));
    }

    private Job complete(Job job, Instant at) {
        Job running = claim(job, "w", at, at.plus(LEASE));
        return store.update(JobTransitions.complete(running, at, "{\"ok\":true}"));
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
        Job job = JobTransitions.newPending(JobIds.newId(), "report",
                "{\"from\":\"2021-10-10\",\"to\":\"2021-10-12\"}", "alice", "key-1", T0)
                .toBuilder().notBefore(T0.plusSeconds(5)).build();
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
        Job running = store.update(JobTransitions.withProgress(
                JobTransitions.claim(created, "worker-a", T0.plusMillis(10), T0.plusSeconds(30)),
                T0.plusMillis(20), "{\"done\":3}"));
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

        Job failed = store.update(JobTransitions.fail(read, T0.plusSeconds(1),
                new JobFailure("Boom", "it went \"boom\"")));
        Job readFailed = store.find(created.id()).orElseThrow();
        assertThat(readFailed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(readFailed.failure()).contains(new JobFailure("Boom", "it went \"boom\""));
        assertThat(readFailed.finishedAt()).contains(T0.plusSeconds(1));
        assertThat(readFailed.lease()).isEmpty();
        assertThat(readFailed.version()).isEqualTo(failed.version());
    }

    @Test
    void theSubmittersTraceContextIsKeptThroughEveryWrite() {
        TraceContext trace = TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "vendor1=opaque,vendor2=x=y");
        Job created = store.create(pending("t", null, T0).toBuilder().traceContext(trace).build());
        assertThat(created.traceContext()).contains(trace);
        assertThat(store.find(created.id()).orElseThrow().traceContext()).contains(trace);

        Job running = claim(created, "w", T0, T0.plus(LEASE));
        Job retried = store.update(JobTransitions.release(running, T0.plusSeconds(1), T0.plusSeconds(2)));
        assertThat(store.find(created.id()).orElseThrow().traceContext()).contains(trace);
        assertThat(store.findDue(T, T0.plusSeconds(2), 10)).singleElement()
                .satisfies(j -> assertThat(j.traceContext()).contains(trace));
        complete(retried, T0.plusSeconds(3));
        assertThat(store.find(created.id()).orElseThrow().traceContext()).contains(trace);

        TraceContext withoutState = TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", null);
        Job plain = store.create(pending("t", null, T0).toBuilder().traceContext(withoutState).build());
        assertThat(store.find(plain.id()).orElseThrow().traceContext()).contains(withoutState);
        Job none = store.create(pending("t", null, T0));
        assertThat(store.find(none.id()).orElseThrow().traceContext()).isEmpty();
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
        store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0));

        assertThatThrownBy(() -> store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0)))
                .isInstanceOfSatisfying(DuplicateJobException.class,
                        e -> assertThat(e.idempotencyKey()).contains("k"));
        assertThat(readAll(JobQuery.builder().build())).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyOfAnotherOwnerIsAnotherJob() {
        Job alices = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0));
        Job bobs = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "bob", "k", T0));
        Job nobodys = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", null, "k", T0));

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
                        created.add(store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "race", T0)));
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
        Job running = claim(created, "w", T0, T0.plus(LEASE));

        assertThat(running.version()).isNotEmpty().isNotEqualTo(created.version());
        assertThat(store.find(created.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void updateWithAStaleVersionIsRejectedAndChangesNothing() {
        Job created = createPending(T0);
        Job running = claim(created, "w1", T0, T0.plus(LEASE));

        // a second worker acting on the snapshot it read before the first claim
        assertThatThrownBy(() -> store.update(JobTransitions.claim(created, "w2", T0, T0.plus(LEASE))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThatThrownBy(() -> store.update(JobTransitions.terminate(created, T0, "late")))
                .isInstanceOf(StaleJobVersionException.class);

        Job stored = store.find(created.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.lease().orElseThrow().workerId()).isEqualTo("w1");
        assertThat(stored.version()).isEqualTo(running.version());
    }

    @Test
    void onlyOneOfTwoWorkersRecordsAnOutcome() {
        Job created = createPending(T0);
        Job running = claim(created, "w1", T0, T0.plus(LEASE));

        store.update(JobTransitions.complete(running, T0.plusSeconds(1), "1"));
        assertThatThrownBy(() -> store.update(JobTransitions.fail(running, T0.plusSeconds(1),
                new JobFailure("X", "late"))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(store.find(created.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void updateOfADeletedJobIsStale() {
        Job created = createPending(T0);
        assertThat(store.delete(created.id())).isTrue();

        assertThatThrownBy(() -> store.update(JobTransitions.claim(created, "w", T0, T0.plus(LEASE))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(store.find(created.id())).isEmpty();
    }

    // ---- finding due work -------------------------------------------------------------------------

    @Test
    void findDueReturnsOnlyDueWork() {
        Job due = createPending(T0);
        Job notYetDue = store.create(pendingFrom("t", T0, T0.plusSeconds(60)));
        Job leased = claim(createPending(T0), "other", T0, T0.plusSeconds(60));
        Job expired = claim(createPending(T0), "dead", T0, T0.plusSeconds(5));
        Job completed = complete(createPending(T0), T0);
        Instant now = T0.plusSeconds(10);

        List<Job> found = store.findDue(T, now, 100);

        assertThat(ids(found)).containsExactlyInAnyOrder(due.id(), expired.id());
        assertThat(found).allSatisfy(j -> assertThat(j.isClaimableAt(now)).isTrue());
        assertThat(store.find(notYetDue.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(store.find(leased.id()).orElseThrow().lease().orElseThrow().workerId()).isEqualTo("other");
        assertThat(store.find(completed.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void findingChangesNothing() {
        Job due = createPending(T0);
        Job expired = claim(createPending(T0), "dead", T0, T0.plusSeconds(5));
        Instant now = T0.plusSeconds(10);

        List<Job> first = store.findDue(T, now, 10);
        List<Job> second = store.findDue(T, now, 10);

        assertThat(ids(first)).containsExactlyInAnyOrder(due.id(), expired.id());
        assertThat(ids(second)).isEqualTo(ids(first));
        Job storedDue = store.find(due.id()).orElseThrow();
        assertThat(storedDue.status()).isEqualTo(JobStatus.PENDING);
        assertThat(storedDue.attempt()).isZero();
        assertThat(storedDue.version()).isEqualTo(due.version());
        Job storedExpired = store.find(expired.id()).orElseThrow();
        assertThat(storedExpired.lease().orElseThrow().workerId()).isEqualTo("dead");
        assertThat(storedExpired.attempt()).isEqualTo(1);
        assertThat(storedExpired.version()).isEqualTo(expired.version());
    }

    @Test
    void aFoundJobIsClaimedWithUpdateAndIsThenNoLongerDue() {
        Job due = createPending(T0);

        Job found = store.findDue(T, T0, 1).get(0);
        assertThat(found.id()).isEqualTo(due.id());
        assertThat(found.version()).as("a found snapshot carries the stored version").isEqualTo(due.version());
        Job running = store.update(JobTransitions.claim(found, "me", T0, T0.plus(LEASE)));

        assertThat(running.attempt()).isEqualTo(1);
        assertThat(running.startedAt()).contains(T0);
        assertThat(running.lease().orElseThrow().workerId()).isEqualTo("me");
        assertThat(store.findDue(T, T0.plus(LEASE).minusMillis(1), 10)).isEmpty();
    }

    @Test
    void aPendingJobIsDueFromItsNotBeforeAndNotEarlier() {
        Job later = store.create(pendingFrom("t", T0, T0.plusSeconds(60)));

        assertThat(store.findDue(T, T0, 10)).isEmpty();
        assertThat(store.findDue(T, T0.plusSeconds(60).minusMillis(1), 10)).isEmpty();
        assertThat(ids(store.findDue(T, T0.plusSeconds(60), 10))).containsExactly(later.id());
    }

    @Test
    void aRunningJobIsDueOnlyOnceItsLeaseHasExpired() {
        createPending(T0);
        Job first = claim(store.findDue(T, T0, 10).get(0), "w1", T0, T0.plusSeconds(5));

        assertThat(store.findDue(T, T0.plusSeconds(4), 10)).isEmpty();
        assertThat(store.findDue(T, T0.plusSeconds(5).minusMillis(1), 10)).isEmpty();
        List<Job> found = store.findDue(T, T0.plusSeconds(6), 10);
        assertThat(found).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(first.id());
            assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(j.version()).isEqualTo(first.version());
        });
        Job taken = claim(found.get(0), "w2", T0.plusSeconds(6), T0.plusSeconds(6).plus(LEASE));

        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.lease().orElseThrow().workerId()).isEqualTo("w2");
        assertThatThrownBy(() -> store.update(JobTransitions.complete(first, T0.plusSeconds(7), "1")))
                .as("the worker that lost its lease cannot record an outcome")
                .isInstanceOf(StaleJobVersionException.class);
    }

    @Test
    void aRenewedLeaseIsNotDue() {
        createPending(T0);
        Job first = claim(store.findDue(T, T0, 10).get(0), "w1", T0, T0.plusSeconds(5));
        store.update(JobTransitions.renewLease(first, T0.plusSeconds(4), T0.plusSeconds(9)));

        assertThat(store.findDue(T, T0.plusSeconds(6), 10)).isEmpty();
        assertThat(ids(store.findDue(T, T0.plusSeconds(9), 10))).containsExactly(first.id());
    }

    @Test
    void aReleasedJobIsDueFromItsNotBefore() {
        createPending(T0);
        Job claimed = claim(store.findDue(T, T0, 10).get(0), "w1", T0, T0.plus(LEASE));
        store.update(JobTransitions.release(claimed, T0.plusSeconds(1), T0.plusSeconds(20)));

        assertThat(store.findDue(T, T0.plusSeconds(19), 10)).isEmpty();
        assertThat(store.findDue(T, T0.plusSeconds(20), 10)).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(claimed.id());
            assertThat(j.status()).isEqualTo(JobStatus.PENDING);
            assertThat(j.attempt()).isEqualTo(1);
        });
    }

    @Test
    void terminalJobsAreNeverDue() {
        complete(createPending(T0), T0.plusSeconds(1));
        Job running = claim(createPending(T0), "w", T0, T0.plusSeconds(5));
        store.update(JobTransitions.fail(running, T0.plusSeconds(1), new JobFailure("Boom", "it broke")));
        store.update(JobTransitions.terminate(createPending(T0), T0.plusSeconds(1), "stop"));
        store.update(JobTransitions.terminate(claim(createPending(T0), "w", T0, T0.plusSeconds(5)),
                T0.plusSeconds(1), "stop"));
        Job due = createPending(T0);

        assertThat(ids(store.findDue(T, T0.plus(Duration.ofDays(3650)), 100))).containsExactly(due.id());
    }

    @Test
    void findDueReturnsAtMostLimitJobs() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(createPending(T0.plusMillis(i)).id());
        }

        List<Job> three = store.findDue(T, T0.plusSeconds(1), 3);
        assertThat(three).hasSize(3);
        assertThat(ids(three)).hasSize(3).isSubsetOf(created);
        assertThat(store.findDue(T, T0.plusSeconds(1), 1)).hasSize(1);
        assertThat(ids(store.findDue(T, T0.plusSeconds(1), 7))).isEqualTo(created);
        assertThat(ids(store.findDue(T, T0.plusSeconds(1), 100))).isEqualTo(created);
    }

    @Test
    void claimingInBatchesOfTheLimitTakesEveryJobOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(createPending(T0).id());
        }
        List<Integer> batchSizes = new ArrayList<>();
        List<String> claimed = new ArrayList<>();
        List<Job> batch;
        while (!(batch = store.findDue(T, T0, 3)).isEmpty()) {
            assertThat(batchSizes.size()).as("batches must end").isLessThan(10);
            batchSizes.add(batch.size());
            for (Job j : batch) {
                claimed.add(claim(j, "w", T0, T0.plus(LEASE)).id());
            }
        }

        assertThat(batchSizes).containsExactly(3, 3, 1);
        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
    }

    @Test
    void claimersRacingForTheSameFoundJobsNeverGetOneJobTwice() throws Exception {
        Set<String> created = createManyPending(24);
        int claimers = 4;
        // every round, all claimers find before any claims: each found job is raced for by every claimer
        CyclicBarrier found = new CyclicBarrier(claimers);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<String, String> winners = new ConcurrentHashMap<>();
        AtomicInteger losses = new AtomicInteger();
        runClaimers(claimers, worker -> {
            for (int round = 0; round < 100; round++) {
                found.await(60, TimeUnit.SECONDS);
                List<Job> batch = store.findDue(T, T0, 3);
                found.await(60, TimeUnit.SECONDS);
                if (batch.isEmpty()) {
                    return;
                }
                for (Job j : batch) {
                    if (tryClaim(j, worker)) {
                        claimed.add(j.id());
                        winners.put(j.id(), worker);
                    } else {
                        losses.incrementAndGet();
                    }
                }
            }
            throw new AssertionError("claiming must end");
        });

        assertThat(claimed).as("successful claims").hasSize(created.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
        assertThat(losses.get()).as("lost races").isPositive();
        assertWonBy(winners);
    }

    @Test
    void concurrentClaimersNeverGetTheSameJob() throws Exception {
        Set<String> created = createManyPending(40);
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentHashMap<String, String> winners = new ConcurrentHashMap<>();
        runClaimers(4, worker -> {
            int emptyRounds = 0;
            while (emptyRounds < 3) {
                List<Job> batch = store.findDue(T, T0, 3);
                for (Job j : batch) {
                    if (tryClaim(j, worker)) {
                        claimed.add(j.id());
                        winners.put(j.id(), worker);
                    }
                }
                emptyRounds = batch.isEmpty() ? emptyRounds + 1 : 0;
            }
        });

        assertThat(claimed).as("successful claims").hasSize(created.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
        assertWonBy(winners);
    }

    private Set<String> createManyPending(int count) {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < count; i++) {
            created.add(createPending(T0).id());
        }
        return created;
    }

    /** Claims a found job as the engine does; false if another worker changed it first. */
    private boolean tryClaim(Job found, String worker) {
        try {
            claim(found, worker, T0, T0.plus(LEASE));
            return true;
        } catch (StaleJobVersionException lostTheRace) {
            return false;
        }
    }

    /** Each job was claimed once, and the stored lease names the worker that was told it won. */
    private void assertWonBy(Map<String, String> winners) {
        winners.forEach((id, worker) -> {
            Job stored = store.find(id).orElseThrow();
            assertThat(stored.attempt()).as("claims of %s", id).isEqualTo(1);
            assertThat(stored.lease().orElseThrow().workerId()).as("holder of %s", id).isEqualTo(worker);
        });
    }

    /** The body of one claimer thread. */
    private interface Claimer {
        void run(String worker) throws Exception;
    }

    private static void runClaimers(int claimers, Claimer claimer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                String worker = "w" + c;
                futures.add(pool.submit(() -> {
                    start.await();
                    claimer.run(worker);
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
    }

    @Test
    void finishedJobsDoNotHideDueWork() {
        for (int i = 0; i < 30; i++) {
            complete(createPending(T0), T0);
        }
        Job due = createPending(T0.plusSeconds(1));

        assertThat(ids(store.findDue(T, T0.plusSeconds(2), 1))).containsExactly(due.id());
    }

    // ---- finding due work by type -----------------------------------------------------------------

    @Test
    void findDueReturnsOnlyJobsOfTheAskedType() {
        Job report = store.create(pending("report", null, T0));
        store.create(pending("reports", null, T0));
        store.create(pending("report.v2", null, T0));
        store.create(pending("export", null, T0));

        assertThat(ids(store.findDue(Set.of("report"), T0, 100))).containsExactly(report.id());
        assertThat(store.findDue(Set.of("import"), T0, 100)).isEmpty();
    }

    @Test
    void findDueLooksForSeveralTypesAtOnce() {
        Job report1 = store.create(pending("report", null, T0));
        Job report2 = store.create(pending("report", null, T0));
        Job export = store.create(pending("export", null, T0));
        store.create(pending("import", null, T0));
        Set<String> asked = Set.of("report", "export", "unused");

        assertThat(ids(store.findDue(asked, T0, 100)))
                .containsExactlyInAnyOrder(report1.id(), report2.id(), export.id());
        List<Job> two = store.findDue(asked, T0, 2);
        assertThat(two).hasSize(2);
        assertThat(ids(two)).hasSize(2).isSubsetOf(report1.id(), report2.id(), export.id());
    }

    @Test
    void aDueBacklogOfAnotherTypeDoesNotHideTheAskedType() {
        for (int i = 0; i < 50; i++) {
            store.create(pending("flood", null, T0));
        }
        Job mine = store.create(pending("mine", null, T0.plusSeconds(1)));

        assertThat(ids(store.findDue(Set.of("mine"), T0.plusSeconds(2), 1))).containsExactly(mine.id());
        assertThat(ids(store.findDue(Set.of("mine"), T0.plusSeconds(2), 5))).containsExactly(mine.id());
    }

    @Test
    void aTypeNobodyAsksForStaysPendingAndIsFoundOnceAsked() {
        Job orphan = store.create(pending("orphan", null, T0));
        Job mine = createPending(T0);
        Instant later = T0.plus(Duration.ofDays(1));

        // a worker that runs only type "t" drains everything it finds, long after the orphan became due
        List<Job> batch;
        int rounds = 0;
        while (!(batch = store.findDue(T, later, 10)).isEmpty()) {
            assertThat(++rounds).as("draining must end").isLessThan(10);
            batch.forEach(j -> complete(j, later));
        }

        assertThat(store.find(mine.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        Job stillWaiting = store.find(orphan.id()).orElseThrow();
        assertThat(stillWaiting.status()).isEqualTo(JobStatus.PENDING);
        assertThat(stillWaiting.attempt()).isZero();
        assertThat(stillWaiting.version()).isEqualTo(orphan.version());
        assertThat(ids(store.findDue(Set.of("orphan"), later, 10))).containsExactly(orphan.id());
    }

    @Test
    void findDueRefusesAnEmptySetOfTypes() {
        createPending(T0);

        assertThatThrownBy(() -> store.findDue(Set.of(), T0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findDueRefusesALimitBelowOne() {
        createPending(T0);

        assertThatThrownBy(() -> store.findDue(T, T0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.findDue(T, T0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- claiming due work in batches ------------------------------------------------------------

    /** The engine's claim, as the sweep passes it to {@link JobStore#claimDue}, skipping nothing. */
    private static DueClaim claimFor(String worker, Instant now) {
        return DueClaim.of(worker, now, now.plus(LEASE), Set.of());
    }

    private static List<Job> jobsOf(List<ClaimedJob> claimed) {
        return claimed.stream().map(ClaimedJob::job).toList();
    }

    @Test
    void aStoreThatDoesNotClaimInBatchesRefusesClaimDue() {
        assumeFalse(store.claimsInBatches(), "this store claims in batches");
        createPending(T0);

        assertThatThrownBy(() -> store.claimDue(T, 1, claimFor("w", T0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void claimDueClaimsOnlyDueWorkAndWritesTheGivenClaim() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        Job due = createPending(T0);
        Job notYetDue = store.create(pendingFrom("t", T0, T0.plusSeconds(60)));
        Job leased = claim(createPending(T0), "other", T0, T0.plusSeconds(60));
        Job expired = claim(createPending(T0), "dead", T0, T0.plusSeconds(5));
        Job completed = complete(createPending(T0), T0);
        Job otherType = store.create(pendingFrom("u", T0, T0));
        Instant now = T0.plusSeconds(10);

        List<Job> claimed = jobsOf(store.claimDue(T, 100, claimFor("me", now)));

        assertThat(ids(claimed)).containsExactlyInAnyOrder(due.id(), expired.id());
        for (Job job : claimed) {
            Job stored = store.find(job.id()).orElseThrow();
            assertThat(stored.version()).as("the returned snapshot carries the stored version").isEqualTo(job.version());
            assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(stored.lease().orElseThrow().workerId()).isEqualTo("me");
            assertThat(stored.lease().orElseThrow().expiresAt()).isEqualTo(now.plus(LEASE));
        }
        assertThat(store.find(due.id()).orElseThrow().attempt()).isEqualTo(1);
        assertThat(store.find(expired.id()).orElseThrow().attempt()).isEqualTo(2);
        assertThat(store.find(notYetDue.id()).orElseThrow().version()).isEqualTo(notYetDue.version());
        assertThat(store.find(leased.id()).orElseThrow().version()).isEqualTo(leased.version());
        assertThat(store.find(completed.id()).orElseThrow().version()).isEqualTo(completed.version());
        assertThat(store.find(otherType.id()).orElseThrow().version()).isEqualTo(otherType.version());
        assertThat(store.findDue(T, now, 100)).as("claimed jobs are no longer due").isEmpty();
    }

    @Test
    void eachClaimedJobIsWhatTheClaimMakesOfItAndCarriesSinceWhenItWasDue() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        Job pending = store.create(pendingFrom("t", T0, T0.plusSeconds(2)));
        Job expired = claim(createPending(T0), "dead", T0.plusSeconds(1), T0.plusSeconds(4));
        Instant now = T0.plusSeconds(10);
        DueClaim claim = DueClaim.of("me", now, now.plus(LEASE), Set.of());

        List<ClaimedJob> claimed = store.claimDue(T, 10, claim);

        assertThat(claimed).hasSize(2);
        for (ClaimedJob c : claimed) {
            Job before = c.job().id().equals(pending.id()) ? pending : expired;
            Job expected = claim.apply(before).orElseThrow();
            assertThat(c.job().withVersion(expected.version()))
                    .as("the claimed snapshot of %s, but for its version", before.id()).isEqualTo(expected);
            assertThat(c.job().version()).isNotEqualTo(before.version());
            assertThat(store.find(c.job().id()).orElseThrow()).as("as stored").isEqualTo(c.job());
        }
        Map<String, Instant> dueSince = new HashMap<>();
        claimed.forEach(c -> dueSince.put(c.job().id(), c.dueSince()));
        assertThat(dueSince).as("since when each was due: its notBefore, the expiry of the lease taken over")
                .containsEntry(pending.id(), T0.plusSeconds(2)).containsEntry(expired.id(), T0.plusSeconds(4));
        assertThat(expired.startedAt()).isPresent();
        assertThat(store.find(expired.id()).orElseThrow().startedAt()).as("a takeover keeps the first start")
                .isEqualTo(expired.startedAt());
    }

    @Test
    void aClaimedSnapshotIsTheOnlyOneThatCanBeWrittenNext() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        Job due = createPending(T0);

        Job claimed = store.claimDue(T, 1, claimFor("me", T0)).get(0).job();

        assertThatThrownBy(() -> store.update(JobTransitions.claim(due, "late", T0, T0.plus(LEASE))))
                .as("the snapshot found before the claim is stale").isInstanceOf(StaleJobVersionException.class);
        Job done = store.update(JobTransitions.complete(claimed, T0.plusSeconds(1), "1"));
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void claimDueClaimsAtMostLimitJobsEarliestDueFirst() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        List<Job> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store.create(pendingFrom("t", T0, T0.plusSeconds(i))));
        }
        Instant now = T0.plusSeconds(10);

        List<Job> first = jobsOf(store.claimDue(T, 2, claimFor("me", now)));
        List<Job> rest = jobsOf(store.claimDue(T, 10, claimFor("me", now)));

        assertThat(first).extracting(Job::id).containsExactly(created.get(0).id(), created.get(1).id());
        assertThat(ids(rest)).containsExactlyInAnyOrder(created.get(2).id(), created.get(3).id(), created.get(4).id());
    }

    @Test
    void aJobTheClaimLeavesAloneIsUnchangedAndStaysDue() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        Job skipped = createPending(T0);
        Job taken = createPending(T0);

        List<Job> claimed = jobsOf(store.claimDue(T, 10, DueClaim.of("me", T0, T0.plus(LEASE), Set.of(skipped.id()))));

        assertThat(ids(claimed)).containsExactly(taken.id());
        assertThat(store.find(skipped.id()).orElseThrow().version()).isEqualTo(skipped.version());
        assertThat(ids(store.findDue(T, T0, 10))).containsExactly(skipped.id());
    }

    @Test
    void claimDueLooksForSeveralTypesAtOnce() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        Job t = createPending(T0);
        Job u = store.create(pendingFrom("u", T0, T0));
        store.create(pendingFrom("v", T0, T0));

        List<Job> claimed = jobsOf(store.claimDue(Set.of("t", "u"), 10, claimFor("me", T0)));

        assertThat(ids(claimed)).containsExactlyInAnyOrder(t.id(), u.id());
    }

    @Test
    void concurrentClaimersGetDisjointJobsAndTogetherClaimEveryDueJob() throws Exception {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        int jobs = 60;
        int claimers = 4;
        Set<String> created = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            created.add(createPending(T0).id());
        }
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(claimers);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                String worker = "w" + c;
                done.add(pool.submit(() -> {
                    start.await();
                    List<Job> batch;
                    do {
                        batch = jobsOf(store.claimDue(T, 4, claimFor(worker, T0)));
                        batch.forEach(j -> claimed.add(j.id()));
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).as("no job claimed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
        assertThat(store.findDue(T, T0, 100)).isEmpty();
    }

    @Test
    void claimDueRefusesAnEmptySetOfTypesAndALimitBelowOne() {
        assumeTrue(store.claimsInBatches(), "this store does not claim in batches");
        createPending(T0);

        assertThatThrownBy(() -> store.claimDue(Set.of(), 10, claimFor("me", T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.claimDue(T, 0, claimFor("me", T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.findDue(T, T0, 10)).hasSize(1);
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

    // ---- completion callbacks ---------------------------------------------------------------------

    private static final URI CALLBACK = URI.create("https://hooks.example.com/done?token=a%20b");

    private Job createWithCallback(Instant createdAt) {
        return store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", null, CALLBACK, createdAt));
    }

    private Job recordCallback(Job job, JobCallback next) {
        return store.update(job.toBuilder().callback(next).build());
    }

    @Test
    void aCallbackRoundTripsAndIsNotDueWhileTheJobRuns() {
        Job created = createWithCallback(T0);
        Job running = claim(created, "w", T0, T0.plus(LEASE));

        Job read = store.find(created.id()).orElseThrow();
        assertThat(read.callback()).contains(JobCallback.requested(CALLBACK));
        assertThat(read.version()).isEqualTo(running.version());
        assertThat(store.findDeliveriesDue(T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void aCallbackIsDueFromTheTerminalWriteOfItsJob() {
        Job completed = complete(createWithCallback(T0), T0.plusSeconds(1));
        Job failed = store.update(JobTransitions.fail(claim(createWithCallback(T0), "w", T0, T0.plus(LEASE)),
                T0.plusSeconds(2), new JobFailure("Boom", "no")));
        Job terminated = store.update(JobTransitions.terminate(createWithCallback(T0), T0.plusSeconds(3), "stop"));
        complete(createPending(T0), T0.plusSeconds(1));

        assertThat(store.findDeliveriesDue(T0.plusMillis(999), 10)).isEmpty();
        assertThat(ids(store.findDeliveriesDue(T0.plusSeconds(1), 10))).containsExactly(completed.id());
        assertThat(ids(store.findDeliveriesDue(T0.plusSeconds(3), 10)))
                .containsExactlyInAnyOrder(completed.id(), failed.id(), terminated.id());
        Job read = store.find(failed.id()).orElseThrow();
        assertThat(read.callback()).hasValueSatisfying(c -> {
            assertThat(c.state()).isEqualTo(JobCallback.State.DUE);
            assertThat(c.dueAt()).contains(T0.plusSeconds(2));
            assertThat(c.url()).isEqualTo(CALLBACK);
        });
    }

    @Test
    void aRetriedDeliveryIsDueAgainOnlyFromItsNextAttempt() {
        Job done = complete(createWithCallback(T0), T0.plusSeconds(1));
        Job retried = recordCallback(done, done.callback().orElseThrow().retryAt(T0.plusSeconds(60)));

        assertThat(store.findDeliveriesDue(T0.plusSeconds(59), 10)).isEmpty();
        assertThat(store.findDeliveriesDue(T0.plusSeconds(60), 10)).extracting(Job::version)
                .containsExactly(retried.version());
        assertThat(store.find(done.id()).orElseThrow().callback().orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void deliveredAndAbandonedCallbacksAreNeverDueAgain() {
        Job one = complete(createWithCallback(T0), T0.plusSeconds(1));
        Job two = complete(createWithCallback(T0), T0.plusSeconds(1));
        recordCallback(one, one.callback().orElseThrow().delivered());
        recordCallback(two, two.callback().orElseThrow().abandoned());

        assertThat(store.findDeliveriesDue(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(store.find(one.id()).orElseThrow().callback().orElseThrow())
                .isEqualTo(new JobCallback(CALLBACK, JobCallback.State.DELIVERED, 1, Optional.empty()));
        assertThat(store.find(two.id()).orElseThrow().callback().orElseThrow().state())
                .isEqualTo(JobCallback.State.ABANDONED);
    }

    @Test
    void onlyOneOfTwoDeliverersRecordsADelivery() {
        Job done = complete(createWithCallback(T0), T0.plusSeconds(1));
        recordCallback(done, done.callback().orElseThrow().delivered());

        assertThatThrownBy(() -> recordCallback(done, done.callback().orElseThrow().retryAt(T0.plusSeconds(9))))
                .isInstanceOf(StaleJobVersionException.class);
        assertThat(store.find(done.id()).orElseThrow().callback().orElseThrow().state())
                .isEqualTo(JobCallback.State.DELIVERED);
    }

    @Test
    void findDeliveriesDueReturnsAtMostLimitAndSkipsNothingDue() {
        Set<String> due = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            due.add(complete(createWithCallback(T0), T0.plusSeconds(1)).id());
            complete(createPending(T0), T0.plusSeconds(1));
        }
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            List<Job> found = store.findDeliveriesDue(T0.plusSeconds(2), 2);
            assertThat(found).hasSizeLessThanOrEqualTo(2);
            for (Job job : found) {
                seen.add(job.id());
                recordCallback(job, job.callback().orElseThrow().delivered());
            }
        }
        assertThat(seen).isEqualTo(due);
        assertThat(store.findDeliveriesDue(T0.plusSeconds(2), 10)).isEmpty();
    }

    @Test
    void aDeletedOrPurgedJobsDeliveryIsNoLongerDue() {
        Job deleted = complete(createWithCallback(T0), T0.plusSeconds(1));
        Job purged = complete(createWithCallback(T0), T0.plusSeconds(1));

        store.delete(deleted.id());
        store.purge(Set.of(), T0.plusSeconds(2));

        assertThat(store.findDeliveriesDue(T0.plusSeconds(2), 10)).isEmpty();
        assertThat(store.find(purged.id())).isEmpty();
    }

    @Test
    void findDeliveriesDueRefusesALimitBelowOne() {
        assertThatThrownBy(() -> store.findDeliveriesDue(T0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    // ---- delete and purge -------------------------------------------------------------------------

    @Test
    void deleteRemovesTheJobAndItsIdempotencyKey() {
        Job job = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0));
        Job other = createPending(T0);

        assertThat(store.delete(job.id())).isTrue();
        assertThat(store.delete(job.id())).isFalse();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.findByIdempotencyKey("alice", "k")).isEmpty();
        assertThat(ids(store.findDue(T, T0.plusSeconds(1), 10))).containsExactly(other.id());
    }

    @Test
    void purgeDeletesTerminalJobsOlderThanTheCutOffInTheGivenStatuses() {
        Job oldCompleted = complete(createPending(T0), T0.plusSeconds(1));
        Job newCompleted = complete(createPending(T0), T0.plusSeconds(100));
        Job oldTerminated = store.update(JobTransitions.terminate(createPending(T0), T0.plusSeconds(1), "stop"));
        Job running = claim(createPending(T0), "w", T0, T0.plus(LEASE));
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
        Job job = store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0));
        complete(job, T0.plusSeconds(1));
        store.purge(Set.of(), T0.plusSeconds(10));

        assertThat(store.findByIdempotencyKey("alice", "k")).isEmpty();
        Optional<Job> again = Optional.of(store.create(JobTransitions.newPending(JobIds.newId(), "t", "{}", "alice", "k", T0)));
        assertThat(again).isPresent();
    }
}
