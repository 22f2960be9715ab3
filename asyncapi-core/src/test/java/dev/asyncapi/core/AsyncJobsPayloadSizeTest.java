package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Writes a store refuses as too large: a progress report is dropped and the lease still renewed; an outcome is
 * written smaller, once, instead of the job running again after each lease and failing the same way.
 */
class AsyncJobsPayloadSizeTest {

    /** Short enough to lapse several times during a test, long enough to survive a loaded machine. */
    private static final Duration LEASE = Duration.ofMillis(500);

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("dev.asyncapi.core.internal");

    @Test
    void aProgressReportTooLargeToStoreIsDroppedAndTheLeaseStillRenewed() throws Exception {
        LimitedStore limited = new LimitedStore(store, 2_000);
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch reportAgain = engines.gate();
        CountDownLatch finish = engines.gate();
        JobHandler<Count, Doubled> handler = (in, ctx) -> {
            starts.incrementAndGet();
            ctx.reportProgress("x".repeat(10_000));
            reported.countDown();
            reportAgain.await();
            ctx.reportProgress("small");
            finish.await();
            return new Doubled(in.n() * 2);
        };
        AsyncJobs owner = engines.start(b -> b.store(limited).workerId("owner").leaseDuration(LEASE)
                .progressInterval(Duration.ZERO).register("work", Count.class, Doubled.class, handler));
        Job submitted = owner.submit("work", new Count(4));
        assertThat(reported.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        // a second engine sweeping the same store, which takes the job over as soon as the owner's lease runs out
        engines.start(b -> b.store(limited).workerId("rescuer").leaseDuration(LEASE)
                .sweepInterval(Duration.ofMillis(10)).register("work", Count.class, Doubled.class, handler));
        Instant firstExpiry = store.find(submitted.id()).orElseThrow().lease().orElseThrow().expiresAt();

        // two lease lengths pass while the handler runs; each renewal moves the owner's lease on
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(store.find(submitted.id()).orElseThrow().lease())
                .hasValueSatisfying(l -> assertThat(l.workerId()).isEqualTo("owner"))
                .hasValueSatisfying(l -> assertThat(l.expiresAt()).isAfter(firstExpiry.plus(LEASE.multipliedBy(2)))));
        assertThat(store.find(submitted.id()).orElseThrow().progressJson()).isEmpty();
        // a later report that fits is written as usual
        reportAgain.countDown();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(store.find(submitted.id()).orElseThrow().progressJson())
                .contains("\"small\""));
        finish.countDown();

        Job done = owner.await(submitted.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(owner.output(done, Doubled.class)).contains(new Doubled(8));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(starts).as("handler starts").hasValue(1);
        assertThat(logs.records()).filteredOn(r -> r.getMessage().contains("progress report"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                    assertThat(r.getMessage()).contains(submitted.id()).contains("work").contains("10002 characters")
                            .doesNotContain("xxxxxxxxxx");
                });
    }

    @Test
    void aFailureMessageTooLargeToStoreIsRecordedCutShortOnce() throws Exception {
        LimitedStore limited = new LimitedStore(store, 2_000);
        AtomicInteger starts = new AtomicInteger();
        String message = "m".repeat(5_000);
        JobHandler<Count, Doubled> handler = (in, ctx) -> {
            starts.incrementAndGet();
            throw new JobFailedException("TooChatty", message);
        };
        AsyncJobs owner = engines.start(b -> b.store(limited).workerId("owner").leaseDuration(LEASE)
                .register("chatty", Count.class, Doubled.class, handler));
        // would run the job again once the owner's lease ran out with the outcome unwritten
        engines.start(b -> b.store(limited).workerId("rescuer").leaseDuration(LEASE)
                .sweepInterval(Duration.ofMillis(10)).register("chatty", Count.class, Doubled.class, handler));

        Job done = owner.await(owner.submit("chatty", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(starts).as("handler starts").hasValue(1);
        JobFailure failure = done.failure().orElseThrow();
        assertThat(failure.code()).isEqualTo("TooChatty");
        assertThat(failure.message()).hasSizeLessThanOrEqualTo(1_000).startsWith("mmmmmmmmmm")
                .endsWith("[truncated: 5000 characters in all]");
        assertThat(store.find(done.id()).orElseThrow()).isEqualTo(done);
        assertThat(logs.records()).filteredOn(r -> r.getMessage().contains("failure message"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                    assertThat(r.getMessage()).contains(done.id()).contains("chatty").contains("5000 characters")
                            .doesNotContain("mmmmmmmmmm");
                });
    }

    @Test
    void aFailureMessageTooLargeEvenCutShortIsReplacedByOneThatSaysSo() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.store(new LimitedStore(store, 500))
                .register("chatty", Count.class, Doubled.class, (in, ctx) -> {
                    throw new JobFailedException("TooChatty", "m".repeat(5_000));
                }));

        Job done = jobs.await(jobs.submit("chatty", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.failure()).contains(
                new JobFailure("TooChatty", "[the message of 5000 characters was too large to store]"));
    }

    @Test
    void anOutputTooLargeToStoreFailsTheJobWithOutputTooLarge() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.store(new LimitedStore(store, 2_000))
                .register("big", Count.class, String.class, (in, ctx) -> "o".repeat(5_000)));

        Job done = jobs.await(jobs.submit("big", new Count(1)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.outputJson()).isEmpty();
        assertThat(done.failure().orElseThrow().code()).isEqualTo(JobFailure.OUTPUT_TOO_LARGE);
        assertThat(done.failure().orElseThrow().message()).contains("over 2000");
        assertThat(done.attempt()).isEqualTo(1);
    }

    @Test
    void aTerminateReasonTooLargeToStoreIsRecordedCutShortForARunningJob() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AsyncJobs jobs = engines.start(b -> b.store(new LimitedStore(store, 2_000)).leaseDuration(LEASE)
                .register("work", Count.class, Doubled.class, engines.blockedUntilInterrupted(started, interrupted)));
        Job submitted = jobs.submit("work", new Count(1));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Job terminated = jobs.terminate(submitted.id(), "r".repeat(5_000));

        assertThat(terminated.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(terminated.failure().orElseThrow().code()).isEqualTo(JobFailure.TERMINATED);
        assertThat(terminated.failure().orElseThrow().message()).hasSizeLessThanOrEqualTo(1_000)
                .startsWith("rrrrrrrrrr").endsWith("[truncated: 5000 characters in all]");
        assertThat(store.find(submitted.id()).orElseThrow()).isEqualTo(terminated);
        assertThat(interrupted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void aTerminateReasonTooLargeToStoreIsRecordedCutShortForAPendingJob() {
        AsyncJobs client = engines.start(b -> b.store(new LimitedStore(store, 500)).submitOnly("later", Count.class));
        Job submitted = client.submit("later", new Count(1));

        Job terminated = client.terminate(submitted.id(), "r".repeat(5_000));

        assertThat(terminated.status()).isEqualTo(JobStatus.TERMINATED);
        assertThat(terminated.failure()).contains(
                new JobFailure(JobFailure.TERMINATED, "[the reason of 5000 characters was too large to store]"));
        assertThat(store.find(submitted.id()).orElseThrow()).isEqualTo(terminated);
    }

    @Test
    void aTerminateTheStoreCannotHoldAtAllLeavesTheRunGoing() throws Exception {
        LimitedStore limited = new LimitedStore(store, 2_000);
        AtomicBoolean terminationSeen = new AtomicBoolean();
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = engines.gate();
        AsyncJobs jobs = engines.start(b -> b.store(limited).leaseDuration(LEASE)
                .register("work", Count.class, Doubled.class, (in, ctx) -> {
                    starts.incrementAndGet();
                    started.countDown();
                    finish.await();
                    terminationSeen.set(ctx.isTerminationRequested());
                    return new Doubled(in.n() * 2);
                }));
        Job submitted = jobs.submit("work", new Count(3));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        limited.refuseTerminated = true;

        assertThatThrownBy(() -> jobs.terminate(submitted.id(), "stop"))
                .isInstanceOf(PayloadTooLargeException.class);

        // not terminated, so the handler was neither interrupted nor told to stop, and its outcome is recorded
        finish.countDown();
        Job done = jobs.await(submitted.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Doubled.class)).contains(new Doubled(6));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(starts).as("handler starts").hasValue(1);
        assertThat(terminationSeen).isFalse();
    }

    /**
     * A real store behind a size limit, as the PostgreSQL store has one: a snapshot whose input, progress, output
     * and failure message together are over {@code maxChars} characters is refused and nothing is written.
     */
    private static final class LimitedStore extends ForwardingJobStore {
        private final int maxChars;
        /** Refuse every Terminated snapshot, as a store would one that is at its limit already. */
        volatile boolean refuseTerminated;

        LimitedStore(JobStore delegate, int maxChars) {
            super(delegate);
            this.maxChars = maxChars;
        }

        @Override
        protected void before(Call call, Job job) {
            if (call != Call.CREATE && call != Call.UPDATE) {
                return;
            }
            int size = job.inputJson().length() + job.progressJson().map(String::length).orElse(0)
                    + job.outputJson().map(String::length).orElse(0)
                    + job.failure().map(f -> f.message().length()).orElse(0);
            if (size > maxChars || refuseTerminated && job.status() == JobStatus.TERMINATED) {
                throw new PayloadTooLargeException("job " + job.id() + " holds " + size + " characters, over "
                        + maxChars);
            }
        }
    }
}
