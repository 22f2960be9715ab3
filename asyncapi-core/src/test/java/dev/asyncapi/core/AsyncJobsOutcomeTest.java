package dev.asyncapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.TestTypes.Step;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a job's handler does decides the recorded outcome. */
class AsyncJobsOutcomeTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private static final RetryPolicy QUICK_RETRIES = RetryPolicy.builder().maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();

    private AsyncJobs engineWith(JobDefinition<?, ?> definition) {
        return engines.start(b -> b.register(definition).sweepInterval(Duration.ofMillis(10)));
    }

    @Test
    void completesWithTheHandlersOutputBoundBack() throws Exception {
        AsyncJobs jobs = engineWith(JobDefinition.builder("double", Count.class, Doubled.class,
                (in, ctx) -> new Doubled(in.n() * 2)).build());

        Job submitted = jobs.submit("double", new Count(21));
        Job done = jobs.await(submitted.id(), PATIENCE);

        assertThat(submitted.status()).isEqualTo(JobStatus.PENDING);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(42));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.failure()).isEmpty();
        assertThat(done.finishedAt()).isPresent();
        assertThat(jobs.find(submitted.id())).contains(done);
    }

    @Test
    void handlerExceptionFailsWithHandlerFailedAndKeepsItsMessageAndStackTraceOut() throws Exception {
        AsyncJobs jobs = engineWith(JobDefinition.builder("leaky", Count.class, Doubled.class, (in, ctx) -> {
            throw new IllegalStateException("password=hunter2");
        }).build());

        Job done = jobs.await(jobs.submit("leaky", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        JobFailure failure = done.failure().orElseThrow();
        assertThat(failure.code()).isEqualTo(JobFailure.HANDLER_FAILED);
        assertThat(failure.message()).isEqualTo("the handler failed");
        assertThat(done.outputJson()).isEmpty();
    }

    @Test
    void outputThatCannotBeWrittenFailsWithAPlainMessage() throws Exception {
        AsyncJobs jobs = engineWith(JobDefinition.builder("opaque", Count.class, Object.class,
                (in, ctx) -> new Object()).build());

        Job done = jobs.await(jobs.submit("opaque", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure()).contains(new JobFailure(JobFailure.OUTPUT_NOT_SERIALIZABLE,
                "the output could not be written as JSON"));
    }

    @Test
    void storedInputThatNoLongerFitsFailsWithAPlainMessage() throws Exception {
        InMemoryJobStore store = new InMemoryJobStore();
        // the client binds inputs to a looser class than the worker does
        AsyncJobs client = engines.start(b -> b.store(store).submitOnly("double", JsonNode.class)
                .submitOnly("nullable", Count.class, true));
        engines.start(b -> b.store(store).sweepInterval(Duration.ofMillis(10))
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2))
                .register("nullable", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));

        Job unknownProperty = client.await(client.submitJson("double", "{\"x\":1}", SubmitOptions.none()).id(), PATIENCE);
        Job nullInput = client.await(client.submitJson("nullable", "null", SubmitOptions.none()).id(), PATIENCE);

        JobFailure expected = new JobFailure(JobFailure.INPUT_NOT_BINDABLE,
                "the stored input no longer fits the job type's input");
        assertThat(unknownProperty.failure()).contains(expected);
        assertThat(nullInput.failure()).as("a worker whose type refuses null never hands null to its handler")
                .contains(expected);
    }

    @Test
    void jobFailedExceptionRecordsItsCodeAndMessageWordForWord() throws Exception {
        AsyncJobs jobs = engineWith(JobDefinition.builder("picky", Count.class, Doubled.class, (in, ctx) -> {
            throw new JobFailedException("NegativeCount", "n must not be negative, but was " + in.n());
        }).build());

        Job done = jobs.await(jobs.submit("picky", new Count(-5)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure()).contains(new JobFailure("NegativeCount", "n must not be negative, but was -5"));
    }

    @Test
    void retriesAFailingHandlerUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AsyncJobs jobs = engineWith(JobDefinition.builder("flaky", Count.class, Doubled.class, (in, ctx) -> {
            if (calls.incrementAndGet() < 3) {
                throw new java.io.IOException("transient");
            }
            return new Doubled(ctx.attempt());
        }).retryPolicy(QUICK_RETRIES).build());

        Job done = jobs.await(jobs.submit("flaky", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(3));
        assertThat(calls).hasValue(3);
    }

    @Test
    void failsOnceRetriesAreExhausted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AsyncJobs jobs = engineWith(JobDefinition.builder("broken", Count.class, Doubled.class, (in, ctx) -> {
            calls.incrementAndGet();
            throw new java.io.IOException("still down");
        }).retryPolicy(QUICK_RETRIES).build());

        Job done = jobs.await(jobs.submit("broken", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure().orElseThrow().code()).isEqualTo(JobFailure.HANDLER_FAILED);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void doesNotRetryANonRetryableJobFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AsyncJobs jobs = engineWith(JobDefinition.builder("final", Count.class, Doubled.class, (in, ctx) -> {
            calls.incrementAndGet();
            throw new JobFailedException("BadRequest", "cannot do that");
        }).retryPolicy(QUICK_RETRIES).build());

        Job done = jobs.await(jobs.submit("final", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure()).contains(new JobFailure("BadRequest", "cannot do that"));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void timeoutFailsWithTimedOutAndInterruptsTheHandler() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AsyncJobs jobs = engineWith(JobDefinition.builder("slow", Count.class, Doubled.class,
                        engines.blockedUntilInterrupted(new CountDownLatch(1), interrupted))
                .timeout(Duration.ofMillis(200)).retryPolicy(QUICK_RETRIES).build());

        Job done = jobs.await(jobs.submit("slow", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure().orElseThrow().code()).isEqualTo(JobFailure.TIMED_OUT);
        assertThat(done.failure().orElseThrow().message()).contains("PT0.2S");
        assertThat(done.attempt()).as("timeouts are not retried").isEqualTo(1);
        assertThat(interrupted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void progressIsVisibleWhileTheJobRuns() throws Exception {
        CountDownLatch finish = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.register("steps", Count.class, Doubled.class, (in, ctx) -> {
            ctx.reportProgress(new Step(1, in.n()));
            finish.await();
            return new Doubled(in.n());
        }).progressInterval(Duration.ZERO));

        Job submitted = jobs.submit("steps", new Count(4));

        await().atMost(PATIENCE).untilAsserted(() -> {
            Job seen = jobs.find(submitted.id()).orElseThrow();
            assertThat(seen.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(seen.progressJson()).contains("{\"done\":1,\"of\":4}");
        });
        finish.countDown();
        Job done = jobs.await(submitted.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.progressJson()).as("the last progress stays on the finished job").contains("{\"done\":1,\"of\":4}");
    }

    @Test
    void coalescedProgressIsWrittenOnceTheIntervalPasses() throws Exception {
        CountDownLatch finish = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.register("steps", Count.class, Doubled.class, (in, ctx) -> {
            for (int i = 1; i <= in.n(); i++) {
                ctx.reportProgress(new Step(i, in.n()));
            }
            finish.await();
            return new Doubled(in.n());
        }).progressInterval(Duration.ofMillis(100)));

        Job submitted = jobs.submit("steps", new Count(50));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jobs.find(submitted.id()).orElseThrow().progressJson())
                .contains("{\"done\":50,\"of\":50}"));
    }
}
