package dev.asyncapi.core;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreContract;
import dev.asyncapi.core.spi.StaleJobVersionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store passes the JobStore contract suite unchanged, plus checks of its lock-free writes. */
class InMemoryJobStoreTest extends JobStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore();
    }

    @Test
    void aLeaseEndingAtOnceStillHandsEachJobOutOncePerClaim() {
        InMemoryJobStore store = new InMemoryJobStore();
        for (int i = 0; i < 5; i++) {
            store.create(Job.newPending(JobIds.newId(), "t", "1", null, null, T0, T0));
        }

        List<Job> claimed = store.claimDue("w", T0, Duration.ZERO, 100);

        assertThat(claimed).hasSize(5);
        assertThat(claimed).extracting(Job::id).doesNotHaveDuplicates();
        assertThat(claimed).allSatisfy(j -> assertThat(j.attempt()).isEqualTo(1));
    }

    @Test
    void ofManyThreadsCompletingOneSnapshotExactlyOneSucceeds() throws Exception {
        InMemoryJobStore store = new InMemoryJobStore();
        Job pending = store.create(Job.newPending(JobIds.newId(), "t", "1", null, null, T0, T0));
        Job running = store.update(pending.claim("w", T0, T0.plusSeconds(30)));
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
                        store.update(running.complete(T0.plusSeconds(1), output));
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
            assertThat(store.claimDue("w2", T0.plusSeconds(3600), Duration.ofSeconds(30), 10)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
