package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import dev.asyncapi.core.spi.JobStoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store with a change feed (as PostgreSQL's LISTEN/NOTIFY gives) wakes other engines at once: here the sweep
 * and the polls are an hour apart, so only the feed can explain a job started or followed in time.
 */
class AsyncJobsChangeFeedTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @RegisterExtension
    final Engines engines = new Engines();

    /** A real in-memory store that tells its listeners of every write, as a store with a change feed does. */
    static final class FeedingStore extends ForwardingJobStore {
        final List<JobStoreListener> listeners = new CopyOnWriteArrayList<>();
        /** While set, writes go unannounced, as while a feed's connection is down. */
        volatile boolean silent;

        FeedingStore() {
            super(new InMemoryJobStore());
        }

        @Override
        protected void before(Call call, Job job) {
        }

        @Override
        public Job create(Job job) {
            Job created = super.create(job);
            if (silent) {
                return created;
            }
            listeners.forEach(l -> l.workDue(created.type()));
            listeners.forEach(l -> l.jobChanged(created.id()));
            return created;
        }

        @Override
        public Job update(Job job) {
            Job updated = super.update(job);
            if (silent) {
                return updated;
            }
            if (updated.status() == JobStatus.PENDING) {
                listeners.forEach(l -> l.workDue(updated.type()));
            }
            listeners.forEach(l -> l.jobChanged(updated.id()));
            return updated;
        }

        @Override
        public AutoCloseable listen(JobStoreListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    @Test
    void workSubmittedElsewhereStartsOnAnIdleWorkerWithoutWaitingForItsSweep() throws Exception {
        FeedingStore store = new FeedingStore();
        AsyncJobs worker = engines.start(b -> b.store(store).sweepInterval(HOUR)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));
        AsyncJobs front = engines.start(b -> b.store(store).submitOnly("double", Count.class)
                .awaitPollInterval(HOUR));

        Job job = front.submit("double", new Count(21));
        Job done = front.await(job.id(), Engines.PATIENCE);

        assertThat(done.status()).as("started by the feed, followed by the feed").isEqualTo(JobStatus.COMPLETED);
        assertThat(worker.output(done, Doubled.class)).contains(new Doubled(42));
    }

    @Test
    void aWatchOnAnotherEngineSeesEachChangeTheFeedAnnounces() throws Exception {
        FeedingStore store = new FeedingStore();
        CountDownLatch release = engines.gate();
        engines.start(b -> b.store(store).sweepInterval(HOUR).progressInterval(Duration.ZERO)
                .register("steps", Count.class, Doubled.class, (in, ctx) -> {
                    ctx.reportProgress(new TestTypes.Step(1, 2));
                    release.await();
                    return new Doubled(in.n());
                }));
        AsyncJobs front = engines.start(b -> b.store(store).submitOnly("steps", Count.class).awaitPollInterval(HOUR));
        Job job = front.submit("steps", new Count(1));
        List<Job> seen = new CopyOnWriteArrayList<>();
        CountDownLatch progressed = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);

        try (JobWatch watch = front.watch(job.id(), new JobWatcher() {
            @Override
            public void onSnapshot(Job snapshot) {
                seen.add(snapshot);
                if (snapshot.progressJson().isPresent()) {
                    progressed.countDown();
                }
            }

            @Override
            public void onEnded() {
                ended.countDown();
            }
        })) {
            assertThat(progressed.await(Engines.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            release.countDown();
            assertThat(ended.await(Engines.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(seen.get(seen.size() - 1).status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void changesMissedWhileTheFeedWasDownAreFoundWhenItResumes() throws Exception {
        FeedingStore store = new FeedingStore();
        CountDownLatch started = new CountDownLatch(1);
        AsyncJobs worker = engines.start(b -> b.store(store).sweepInterval(HOUR)
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    return new Doubled(in.n() * 2);
                }));
        JobStoreListener workerFeed = store.listeners.get(0);
        AsyncJobs front = engines.start(b -> b.store(store).submitOnly("double", Count.class).awaitPollInterval(HOUR));
        store.silent = true;
        Job job = front.submit("double", new Count(4));
        CompletableFuture<Job> awaited = front.awaitAsync(job.id(), HOUR);
        JobStoreListener frontFeed = store.listeners.get(1);

        // nothing announced the job: only the feed telling the worker it missed changes makes it sweep
        assertThat(started.getCount()).isEqualTo(1);
        workerFeed.changesMissed();
        assertThat(started.await(Engines.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("swept on resume").isTrue();
        assertThat(worker.await(job.id(), Engines.PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);

        // its outcome went unannounced too: the front's await wakes when the feed says so, not after an hour
        assertThat(awaited).isNotDone();
        frontFeed.changesMissed();
        assertThat(awaited.get(Engines.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).status())
                .isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aClientEngineListensOnlyOnceItFollowsAJob() throws Exception {
        FeedingStore store = new FeedingStore();
        AsyncJobs front = engines.start(b -> b.store(store).submitOnly("double", Count.class).awaitPollInterval(HOUR));
        Job job = front.submit("double", new Count(4));
        assertThat(store.listeners).as("submits need no change feed").isEmpty();

        CompletableFuture<Job> awaited = front.awaitAsync(job.id(), HOUR);
        assertThat(store.listeners).as("an await does").hasSize(1);
        front.awaitAsync(job.id(), HOUR);
        assertThat(store.listeners).as("one subscription for every follow").hasSize(1);

        // the subscription wakes the await: an hour's poll interval would not
        Job done = store.update(JobTransitions.complete(store.update(JobTransitions.claim(store.find(job.id())
                .orElseThrow(), "w", Instant.now(), Instant.now().plusSeconds(60))), Instant.now(), "{\"n\":8}"));
        assertThat(awaited.get(Engines.PATIENCE.toMillis(), TimeUnit.MILLISECONDS).version()).isEqualTo(done.version());
        front.close();
        assertThat(store.listeners).as("closed with the engine").isEmpty();
    }

    @Test
    void closingTheEngineClosesItsSubscription() {
        FeedingStore store = new FeedingStore();
        AsyncJobs engine = engines.start(b -> b.store(store)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));
        assertThat(store.listeners).hasSize(1);

        engine.close();

        assertThat(store.listeners).isEmpty();
    }
}
