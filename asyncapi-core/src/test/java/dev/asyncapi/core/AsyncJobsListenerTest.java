package dev.asyncapi.core;

import dev.asyncapi.core.JobEvent.Kind;
import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.TestTypes.Step;
import dev.asyncapi.core.spi.DuplicateJobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What listeners hear of a job's life and of the store calls, and the engine's gauges. */
class AsyncJobsListenerTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final RecordingListener recorder = new RecordingListener();

    @Test
    void aCompletedJobIsSubmittedClaimedStartedAndCompletedInThatOrder() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.listener(recorder).workerId("w-1")
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));

        Job done = jobs.await(jobs.submit("double", new Count(2)).id(), PATIENCE);

        await().atMost(PATIENCE).until(() -> recorder.kindsOf(done.id()).contains(Kind.COMPLETED));
        assertThat(recorder.kindsOf(done.id())).containsExactly(Kind.SUBMITTED, Kind.CLAIMED, Kind.STARTED, Kind.COMPLETED);
        JobEvent completed = recorder.first(done.id(), Kind.COMPLETED);
        assertThat(completed.type()).isEqualTo("double");
        assertThat(completed.attempt()).isEqualTo(1);
        assertThat(completed.workerId()).isEqualTo("w-1");
        assertThat(completed.job()).contains(done);
        assertThat(completed.queueWait()).isPresent();
        assertThat(completed.runTime()).isPresent();
        assertThat(completed.failureCode()).isEmpty();
        assertThat(recorder.first(done.id(), Kind.SUBMITTED).runTime()).isEmpty();
    }

    @Test
    void queueWaitCountsFromDueToClaimAndRunTimeFromClaimToOutcome() throws Exception {
        ShiftedClock clock = new ShiftedClock();
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.listener(recorder).clock(clock).workers(1)
                .register("step", Count.class, Doubled.class, (in, ctx) -> {
                    if (in.n() == 0) {
                        gate.await();
                    } else {
                        clock.shift(Duration.ofSeconds(7));
                    }
                    return new Doubled(in.n());
                }));
        Job blocker = jobs.submit("step", new Count(0));
        Job waiting = jobs.submit("step", new Count(1));
        await().atMost(PATIENCE).until(() -> jobs.gauges().queued() == 1);

        clock.shift(Duration.ofSeconds(5));
        gate.countDown();
        jobs.await(waiting.id(), PATIENCE);

        await().atMost(PATIENCE).until(() -> recorder.kindsOf(waiting.id()).contains(Kind.COMPLETED));
        JobEvent claimed = recorder.first(waiting.id(), Kind.CLAIMED);
        JobEvent completed = recorder.first(waiting.id(), Kind.COMPLETED);
        assertThat(claimed.queueWait().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(completed.queueWait()).isEqualTo(claimed.queueWait());
        assertThat(completed.runTime().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        assertThat(recorder.first(blocker.id(), Kind.COMPLETED).runTime().orElseThrow())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFailingJobSchedulesItsRetriesThenFailsWithItsCode() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.listener(recorder).sweepInterval(Duration.ofMillis(10))
                .register(JobDefinition.builder("flaky", Count.class, Doubled.class, (in, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("the first attempt fails and is retried");
                    }
                    throw new JobFailedException("NoSuchAccount", "no account " + in.n());
                }).retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                        .build()).build()));

        Job done = jobs.await(jobs.submit("flaky", new Count(3)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        await().atMost(PATIENCE).until(() -> recorder.kindsOf(done.id()).contains(Kind.FAILED));
        assertThat(recorder.kindsOf(done.id())).containsExactly(Kind.SUBMITTED,
                Kind.CLAIMED, Kind.STARTED, Kind.RETRY_SCHEDULED,
                Kind.CLAIMED, Kind.STARTED, Kind.FAILED);
        JobEvent failed = recorder.first(done.id(), Kind.FAILED);
        assertThat(failed.failureCode()).contains("NoSuchAccount");
        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(recorder.first(done.id(), Kind.RETRY_SCHEDULED).attempt()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsItsOwnEventWithTheTimedOutCode() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.listener(recorder)
                .register(JobDefinition.builder("slow", Count.class, Doubled.class, (in, ctx) -> {
                    new CountDownLatch(1).await();
                    return null;
                }).timeout(Duration.ofMillis(50)).build()));

        Job done = jobs.await(jobs.submit("slow", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        await().atMost(PATIENCE).until(() -> recorder.kindsOf(done.id()).contains(Kind.TIMED_OUT));
        assertThat(recorder.first(done.id(), Kind.TIMED_OUT).failureCode()).contains(JobFailure.TIMED_OUT);
        assertThat(recorder.kindsOf(done.id())).doesNotContain(Kind.FAILED);
    }

    @Test
    void progressWritesAndTerminationAreHeard() throws Exception {
        CountDownLatch progressed = new CountDownLatch(1);
        AsyncJobs jobs = engines.start(b -> b.listener(recorder).progressInterval(Duration.ZERO)
                .register("long", Count.class, Doubled.class, (in, ctx) -> {
                    ctx.reportProgress(new Step(1, 2));
                    progressed.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }));
        Job job = jobs.submit("long", new Count(1));
        assertThat(progressed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(PATIENCE).until(() -> recorder.kindsOf(job.id()).contains(Kind.PROGRESS));

        jobs.terminate(job.id(), "no longer needed");

        await().atMost(PATIENCE).until(() -> recorder.kindsOf(job.id()).contains(Kind.TERMINATED));
        assertThat(recorder.first(job.id(), Kind.PROGRESS).job().orElseThrow().progressJson()).contains("{\"done\":1,\"of\":2}");
        assertThat(recorder.first(job.id(), Kind.TERMINATED).runTime()).isPresent();
    }

    @Test
    void aSaturatedEngineReportsTheRejection() {
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.listener(recorder).workers(1).queueCapacity(0)
                .register("block", Count.class, Doubled.class, (in, ctx) -> {
                    gate.await();
                    return null;
                }));
        jobs.submit("block", new Count(1));

        assertThatThrownBy(() -> jobs.submit("block", new Count(2))).isInstanceOf(JobRejectedException.class);

        JobEvent rejected = recorder.events.stream().filter(e -> e.kind() == Kind.REJECTED).findFirst().orElseThrow();
        assertThat(rejected.type()).isEqualTo("block");
        assertThat(rejected.jobId()).isEmpty();
        assertThat(rejected.failureCode()).contains("Saturated");
    }

    @Test
    void gaugesShowRunningAndQueuedWorkAgainstTheLimits() {
        CountDownLatch gate = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.workers(2).queueCapacity(3)
                .register("block", Count.class, Doubled.class, (in, ctx) -> {
                    gate.await();
                    return new Doubled(0);
                }));
        assertThat(jobs.gauges()).isEqualTo(new EngineGauges(0, 0, 2, 3));

        for (int i = 0; i < 3; i++) {
            jobs.submit("block", new Count(i));
        }

        EngineGauges busy = jobs.gauges();
        assertThat(busy.running()).isEqualTo(2);
        assertThat(busy.queued()).isEqualTo(1);
        assertThat(busy.admitted()).isEqualTo(3);
        assertThat(busy.capacity()).isEqualTo(5);
        assertThat(busy.saturation()).isEqualTo(0.6);
        gate.countDown();
        await().atMost(PATIENCE).until(() -> jobs.gauges().admitted() == 0);
    }

    @Test
    void aClientOnlyEngineHasZeroGauges() {
        AsyncJobs client = engines.start(b -> b.submitOnly("remote", Count.class));

        assertThat(client.gauges()).isEqualTo(new EngineGauges(0, 0, 0, 0));
        assertThat(client.gauges().saturation()).isZero();
    }

    @Test
    void storeCallsAreTimedWithTheirOutcome() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.listener(recorder)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));
        String id = JobIds.newId();
        jobs.await(jobs.submit("double", new Count(1), SubmitOptions.builder().id(id).build()).id(), PATIENCE);

        assertThatThrownBy(() -> jobs.submit("double", new Count(1), SubmitOptions.builder().id(id).build()))
                .isInstanceOf(DuplicateJobException.class);

        assertThat(recorder.storeCalls).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo("create");
            assertThat(c.outcome()).isEqualTo(StoreCall.Outcome.SUCCESS);
        }).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo("create");
            assertThat(c.outcome()).isEqualTo(StoreCall.Outcome.CONFLICT);
        }).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo("update");
            assertThat(c.outcome()).isEqualTo(StoreCall.Outcome.SUCCESS);
        });
    }

    @Test
    void aListenerThatThrowsChangesNothing() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        JobListener broken = new JobListener() {
            @Override
            public void onJobEvent(JobEvent event) {
                heard.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onStoreCall(StoreCall call) {
                throw new IllegalStateException("listener bug");
            }
        };
        AsyncJobs jobs = engines.start(b -> b.listener(broken).listener(recorder)
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));

        Job done = jobs.await(jobs.submit("double", new Count(4)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        await().atMost(PATIENCE).until(() -> recorder.kindsOf(done.id()).contains(Kind.COMPLETED));
        assertThat(heard.get()).isEqualTo(4);
        assertThat(recorder.storeCalls).isNotEmpty();
    }

    @Test
    void theSameListenerCannotBeAddedTwice() {
        AsyncJobs.Builder builder = AsyncJobs.builder().listener(recorder);

        assertThatThrownBy(() -> builder.listener(recorder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already added");
        assertThatThrownBy(() -> builder.listener(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener cannot be null");
    }

    /** The system clock shifted forward by what a test adds: lets a test make time pass without waiting. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration more) {
            shift = shift.plus(more);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }
}
