package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import dev.asyncapi.core.spi.JobStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep's two ways to take due work, on the same store: claimed by the store in batches
 * ({@link JobStore#claimsInBatches()}), or found and then claimed by each run. Jobs submitted by a client-only
 * engine reach the workers only through the sweep, so every start here went through the path under test.
 */
class AsyncJobsClaimPathsTest {

    private static final int JOBS = 200;

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore memory = new InMemoryJobStore();

    /** The in-memory store, claiming in batches or not as the test asks, counting the calls the sweep makes. */
    private static final class Counted extends ForwardingJobStore {
        final boolean batches;
        final Map<Call, AtomicInteger> calls = new EnumMap<>(Call.class);

        Counted(JobStore delegate, boolean batches) {
            super(delegate);
            this.batches = batches;
            for (Call call : Call.values()) {
                calls.put(call, new AtomicInteger());
            }
        }

        @Override
        protected void before(Call call, Job job) {
            calls.get(call).incrementAndGet();
        }

        @Override
        public boolean claimsInBatches() {
            return batches;
        }
    }

    @ParameterizedTest(name = "claims in batches: {0}")
    @ValueSource(booleans = {true, false})
    void twoEnginesRunABacklogFromTheStoreEachJobStartingOnce(boolean batches) throws Exception {
        Counted store = new Counted(memory, batches);
        ConcurrentHashMap<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, String> ranOn = new ConcurrentHashMap<>();
        for (String worker : List.of("a", "b")) {
            engines.start(b -> b.store(store).workerId(worker).workers(3).sweepInterval(Duration.ofMillis(10))
                    .register("double", Count.class, Doubled.class, (in, ctx) -> {
                        starts.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
                        ranOn.put(ctx.jobId(), worker);
                        return new Doubled(in.n() * 2);
                    }));
        }
        AsyncJobs client = engines.start(b -> b.store(store).submitOnly("double", Count.class));
        List<Job> submitted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            submitted.add(client.submit("double", new Count(i)));
        }

        for (int i = 0; i < JOBS; i++) {
            Job done = client.await(submitted.get(i).id(), Duration.ofMinutes(1));
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(client.output(done, Doubled.class)).contains(new Doubled(2 * i));
            assertThat(done.attempt()).isEqualTo(1);
        }
        assertThat(starts).hasSize(JOBS);
        assertThat(starts.values()).extracting(AtomicInteger::get).as("handler starts per job").containsOnly(1);
        if (batches) {
            assertThat(store.calls.get(ForwardingJobStore.Call.CLAIM_DUE)).as("batch claims").hasPositiveValue();
            assertThat(store.calls.get(ForwardingJobStore.Call.FIND_DUE)).as("finds without claiming").hasValue(0);
            assertThat(store.calls.get(ForwardingJobStore.Call.UPDATE).get())
                    .as("updates: one outcome per job, no claim").isEqualTo(JOBS);
        } else {
            assertThat(store.calls.get(ForwardingJobStore.Call.CLAIM_DUE)).as("batch claims").hasValue(0);
            assertThat(store.calls.get(ForwardingJobStore.Call.UPDATE).get())
                    .as("updates: a claim and an outcome per job, plus claims lost to the other engine")
                    .isGreaterThanOrEqualTo(2 * JOBS);
        }
    }

    @ParameterizedTest(name = "claims in batches: {0}")
    @ValueSource(booleans = {true, false})
    void aJobWhoseWorkerDiedIsTakenOverOnceItsLeaseExpires(boolean batches) throws Exception {
        Counted store = new Counted(memory, batches);
        Instant now = Instant.now();
        Job created = memory.create(JobTransitions.newPending(JobIds.newId(), "double", "{\"n\":21}", null, null, now));
        // a worker that claimed the job and died: its lease runs out in a moment and nobody renews it
        memory.update(JobTransitions.claim(created, "dead", now, now.plusMillis(200)));
        AtomicInteger starts = new AtomicInteger();
        AsyncJobs jobs = engines.start(b -> b.store(store).workerId("rescuer").sweepInterval(Duration.ofMillis(10))
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    return new Doubled(in.n() * 2);
                }));

        Job done = jobs.await(created.id(), Duration.ofMinutes(1));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).as("the dead worker's attempt, then the rescuer's").isEqualTo(2);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(42));
        assertThat(starts).hasValue(1);
    }
}
