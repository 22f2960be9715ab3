package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.DuplicateJobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Submit checks everything before storing anything. */
class AsyncJobsSubmitTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    private AsyncJobs engine() {
        return engines.start(b -> b.store(store).register("double", Count.class, Doubled.class,
                (in, ctx) -> new Doubled(in.n() * 2)));
    }

    @Test
    void unknownTypeIsRejectedAndNothingIsStored() {
        AsyncJobs jobs = engine();

        assertThatThrownBy(() -> jobs.submit("triple", new Count(1)))
                .isInstanceOf(UnknownJobTypeException.class).hasMessageContaining("triple");
        assertThatThrownBy(() -> jobs.submitJson("triple", "{\"n\":1}", SubmitOptions.none()))
                .isInstanceOf(UnknownJobTypeException.class);
        assertThat(store.size()).isZero();
    }

    @Test
    void inputThatDoesNotBindIsRejectedAndNothingIsStored() {
        AsyncJobs jobs = engine();

        assertThatThrownBy(() -> jobs.submit("double", Map.of("n", "many")))
                .isInstanceOf(InvalidJobInputException.class).isNotInstanceOf(MalformedJobInputException.class)
                .hasMessage("$.n: \"many\" is not a number");
        assertThatThrownBy(() -> jobs.submit("double", Map.of("n", 1, "unexpected", true)))
                .isInstanceOf(InvalidJobInputException.class).hasMessage("$: unknown property 'unexpected'");
        assertThatThrownBy(() -> jobs.submitJson("double", "[1,2]", SubmitOptions.none()))
                .isInstanceOf(InvalidJobInputException.class).isNotInstanceOf(MalformedJobInputException.class)
                .hasMessage("$: expected an object, not an array");
        assertThat(store.size()).isZero();
    }

    @Test
    void malformedJsonIsRejectedAndNothingIsStored() {
        AsyncJobs jobs = engine();

        assertThatThrownBy(() -> jobs.submitJson("double", "{\"n\": 1", SubmitOptions.none()))
                .isInstanceOf(MalformedJobInputException.class)
                .hasMessage("not well-formed JSON at line 1, column 8: unexpected end of input");
        assertThatThrownBy(() -> jobs.submitJson("double", "", SubmitOptions.none()))
                .isInstanceOf(MalformedJobInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> jobs.submitJson("double", "{\"n\":1} trailing", SubmitOptions.none()))
                .isInstanceOf(MalformedJobInputException.class);
        assertThatThrownBy(() -> jobs.submitJson("double", "{\"n\":1,\"n\":2}", SubmitOptions.none()))
                .isInstanceOf(MalformedJobInputException.class).hasMessageContaining("duplicate property 'n'");
        assertThat(store.size()).isZero();
    }

    @Test
    void aNullInputIsRefusedUnlessTheTypeAcceptsIt() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.store(store)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2))
                .register(JobDefinition.builder("optional", Count.class, Doubled.class,
                        (in, ctx) -> new Doubled(in == null ? -1 : in.n())).acceptsNullInput().build()));

        assertThatThrownBy(() -> jobs.submit("double", null))
                .isInstanceOf(InvalidJobInputException.class).hasMessage("$: the input must not be null");
        assertThatThrownBy(() -> jobs.submitJson("double", " null ", SubmitOptions.none()))
                .isInstanceOf(InvalidJobInputException.class).isNotInstanceOf(MalformedJobInputException.class)
                .hasMessage("$: the input must not be null");
        assertThat(store.size()).isZero();

        Job fromJava = jobs.submit("optional", null);
        Job fromJson = jobs.submitJson("optional", " null ", SubmitOptions.none());

        assertThat(fromJson.inputJson()).isEqualTo("null");
        assertThat(jobs.output(jobs.await(fromJava.id(), PATIENCE), Doubled.class)).contains(new Doubled(-1));
        assertThat(jobs.output(jobs.await(fromJson.id(), PATIENCE), Doubled.class)).contains(new Doubled(-1));
    }

    @Test
    void aSubmitOnlyTypeRefusesANullInputUnlessDeclaredToAcceptIt() {
        AsyncJobs client = engines.start(b -> b.store(store).submitOnly("strict", Count.class)
                .submitOnly("lenient", Count.class, true));

        assertThatThrownBy(() -> client.submitJson("strict", "null", SubmitOptions.none()))
                .isInstanceOf(InvalidJobInputException.class).hasMessage("$: the input must not be null");
        assertThat(client.submitJson("lenient", "null", SubmitOptions.none()).inputJson()).isEqualTo("null");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void submitJsonRunsTheJobLikeSubmit() throws Exception {
        AsyncJobs jobs = engine();

        Job submitted = jobs.submitJson("double", "{\"n\": 4}", SubmitOptions.builder().owner("alice").build());

        assertThat(submitted.owner()).contains("alice");
        assertThat(jobs.output(jobs.await(submitted.id(), PATIENCE), Doubled.class)).contains(new Doubled(8));
    }

    @Test
    void explicitIdIsUsedAndATakenOneIsRefused() {
        AsyncJobs jobs = engine();

        Job submitted = jobs.submit("double", new Count(1), SubmitOptions.builder().id("order-42").build());

        assertThat(submitted.id()).isEqualTo("order-42");
        assertThatThrownBy(() -> jobs.submit("double", new Count(2), SubmitOptions.builder().id("order-42").build()))
                .isInstanceOf(DuplicateJobException.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void generatedIdsAreUnguessable() {
        AsyncJobs jobs = engine();

        assertThat(jobs.submit("double", new Count(1)).id()).matches("[0-9a-f]{32}");
    }

    @Test
    void sameIdempotencyKeyAndInputReturnsTheSameJob() {
        AsyncJobs jobs = engine();
        SubmitOptions options = SubmitOptions.builder().idempotencyKey("req-1").owner("alice").build();

        Job first = jobs.submit("double", new Count(1), options);
        Job again = jobs.submit("double", new Count(1), options);
        Job sameJson = jobs.submitJson("double", "{ \"n\" : 1 }", options);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(sameJson.id()).isEqualTo(first.id());
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithOtherInputIsAConflict() {
        AsyncJobs jobs = engine();
        SubmitOptions options = SubmitOptions.builder().idempotencyKey("req-1").owner("alice").build();
        jobs.submit("double", new Count(1), options);

        assertThatThrownBy(() -> jobs.submit("double", new Count(2), options))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("input");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysBelongToTheirOwner() {
        AsyncJobs jobs = engine();

        Job alice = jobs.submit("double", new Count(1), SubmitOptions.builder().idempotencyKey("k").owner("alice").build());
        Job bob = jobs.submit("double", new Count(2), SubmitOptions.builder().idempotencyKey("k").owner("bob").build());

        assertThat(bob.id()).isNotEqualTo(alice.id());
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void concurrentSubmitsWithOneIdempotencyKeyCreateOneJob() throws Exception {
        AsyncJobs jobs = engine();
        // the race between a create that takes the key and a reader of the key is narrow: many rounds of many
        // threads make it happen in every run, so the test fails each time the race is back
        int rounds = 200;
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                SubmitOptions options = SubmitOptions.builder().idempotencyKey("race-" + round).build();
                CyclicBarrier go = new CyclicBarrier(threads);
                List<Future<Job>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return jobs.submit("double", new Count(9), options);
                    }));
                }
                Set<String> ids = new HashSet<>();
                for (Future<Job> result : results) {
                    ids.add(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).id());
                }
                assertThat(ids).as("round %d", round).hasSize(1);
                assertThat(store.size()).as("round %d", round).isEqualTo(round + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void saturatedEngineRejectsSubmitsAndStoresNothing() throws Exception {
        CountDownLatch gate = engines.gate();
        CountDownLatch started = new CountDownLatch(1);
        // a busy sweep must not take the free place while it looks for due work
        AsyncJobs jobs = engines.start(b -> b.store(store).workers(1).queueCapacity(1)
                .sweepInterval(Duration.ofMillis(10))
                .register("block", Count.class, Doubled.class, (in, ctx) -> {
                    started.countDown();
                    gate.await();
                    return new Doubled(in.n());
                }));
        Job running = jobs.submit("block", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Job queued = jobs.submit("block", new Count(2));

        assertThatThrownBy(() -> jobs.submit("block", new Count(3)))
                .isInstanceOf(JobRejectedException.class).hasMessageContaining("saturated");
        assertThat(store.size()).isEqualTo(2);

        gate.countDown();
        assertThat(jobs.await(running.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.await(queued.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        Job later = jobs.submit("block", new Count(4));
        assertThat(jobs.await(later.id(), PATIENCE).status()).as("capacity is given back").isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void closedEngineRejectsSubmitsAndStoresNothing() {
        AsyncJobs jobs = engine();
        jobs.close();

        assertThatThrownBy(() -> jobs.submit("double", new Count(1)))
                .isInstanceOf(JobRejectedException.class).hasMessageContaining("shutting down");
        assertThat(store.size()).isZero();
    }
}
