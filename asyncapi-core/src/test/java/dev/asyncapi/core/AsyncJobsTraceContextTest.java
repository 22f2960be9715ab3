package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.spi.TracePropagator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine stores the submitter's trace context and hands it to the propagator around each run. */
class AsyncJobsTraceContextTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private static final TraceContext CAPTURED =
            TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);
    private static final TraceContext GIVEN =
            TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "a=b");

    /** Records what the engine asks of it; the "current context" while a run is open is the job's. */
    private static final class RecordingPropagator implements TracePropagator {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final ThreadLocal<TraceContext> current = new ThreadLocal<>();

        @Override
        public Optional<TraceContext> capture() {
            calls.add("capture");
            return Optional.of(CAPTURED);
        }

        @Override
        public RunSpan startRun(Job job, Duration queueWait) {
            calls.add("start " + job.attempt());
            current.set(job.traceContext().orElse(null));
            return new RunSpan() {
                @Override
                public void failed(Throwable failure) {
                    calls.add("failed " + failure.getMessage());
                }

                @Override
                public void end() {
                    current.remove();
                    calls.add("end");
                }
            };
        }
    }

    @Test
    void theCallersContextIsCapturedStoredAndCurrentWhileTheHandlerRuns() throws Exception {
        RecordingPropagator propagator = new RecordingPropagator();
        List<TraceContext> seenByHandler = new CopyOnWriteArrayList<>();
        AsyncJobs jobs = engines.start(b -> b.tracePropagator(propagator)
                .register("double", Count.class, Doubled.class, (in, ctx) -> {
                    seenByHandler.add(propagator.current.get());
                    return new Doubled(in.n() * 2);
                }));

        Job submitted = jobs.submit("double", new Count(1));
        Job done = jobs.await(submitted.id(), PATIENCE);

        assertThat(submitted.traceContext()).contains(CAPTURED);
        assertThat(done.traceContext()).contains(CAPTURED);
        assertThat(seenByHandler).containsExactly(CAPTURED);
        await().atMost(PATIENCE).until(() -> propagator.calls.contains("end"));
        assertThat(propagator.calls).containsExactly("capture", "start 1", "end");
    }

    @Test
    void aContextGivenInTheOptionsWinsAndAFailedRunIsMarked() throws Exception {
        RecordingPropagator propagator = new RecordingPropagator();
        AsyncJobs jobs = engines.start(b -> b.tracePropagator(propagator)
                .register("boom", Count.class, Doubled.class, (in, ctx) -> {
                    throw new IllegalStateException("boom");
                }));

        Job done = jobs.await(jobs.submit("boom", new Count(1), SubmitOptions.builder().traceContext(GIVEN).build()).id(),
                PATIENCE);

        assertThat(done.traceContext()).contains(GIVEN);
        await().atMost(PATIENCE).until(() -> propagator.calls.contains("end"));
        assertThat(propagator.calls).containsExactly("start 1", "failed boom", "end");
    }

    @Test
    void withoutAPropagatorAGivenContextIsStillStored() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.register("double", Count.class, Doubled.class,
                (in, ctx) -> new Doubled(in.n() * 2)));

        Job job = jobs.submit("double", new Count(1), SubmitOptions.builder().traceContext(GIVEN).build());

        assertThat(jobs.find(job.id()).orElseThrow().traceContext()).contains(GIVEN);
        assertThat(jobs.submit("double", new Count(1)).traceContext()).isEmpty();
    }

    @Test
    void aPropagatorThatThrowsChangesNothing() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.tracePropagator(new TracePropagator() {
            @Override
            public Optional<TraceContext> capture() {
                throw new IllegalStateException("propagator bug");
            }

            @Override
            public RunSpan startRun(Job job, Duration queueWait) {
                throw new IllegalStateException("propagator bug");
            }
        }).register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));

        Job done = jobs.await(jobs.submit("double", new Count(2)).id(), PATIENCE);

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.traceContext()).isEmpty();
    }
}
