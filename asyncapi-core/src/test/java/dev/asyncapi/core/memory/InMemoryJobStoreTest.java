package dev.asyncapi.core.memory;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreContract;
import dev.asyncapi.core.spi.StaleJobVersionException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store passes the JobStore contract suite unchanged, plus checks of its lock-free writes. */
class InMemoryJobStoreTest extends JobStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Set<String> T = Set.of("t");

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore();
    }

    @Test
    void aJobReclaimedManyTimesIsFoundOnceWithItsLatestSnapshot() {
        InMemoryJobStore store = new InMemoryJobStore();
        for (int i = 0; i < 5; i++) {
            store.create(JobTransitions.newPending(JobIds.newId(), "t", "1", null, null, T0));
        }
        // every claim moves the job's due entry to a new instant; a stale entry left behind would be found again
        for (int round = 1; round <= 3; round++) {
            Instant now = T0.plusMillis(round);
            for (Job job : store.findDue(T, now, 100)) {
                store.update(JobTransitions.claim(job, "w" + round, now, now));
            }
        }

        List<Job> found = store.findDue(T, T0.plusSeconds(1), 100);

        assertThat(found).hasSize(5);
        assertThat(found).extracting(Job::id).doesNotHaveDuplicates();
        assertThat(found).allSatisfy(j -> {
            assertThat(j.attempt()).isEqualTo(3);
            assertThat(j.version()).isEqualTo(store.find(j.id()).orElseThrow().version());
        });
    }

    @Test
    void ofManyThreadsCompletingOneSnapshotExactlyOneSucceeds() throws Exception {
        InMemoryJobStore store = new InMemoryJobStore();
        Job pending = store.create(JobTransitions.newPending(JobIds.newId(), "t", "1", null, null, T0));
        Job running = store.update(JobTransitions.claim(pending, "w", T0, T0.plusSeconds(30)));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String output = Integer.toString(i);
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.update(JobTransitions.complete(running, T0.plusSeconds(1), output));
                        return true;
                    } catch (StaleJobVersionException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(won).isEqualTo(1);
            Job stored = store.find(running.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(store.findDue(T, T0.plusSeconds(3600), 10)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
