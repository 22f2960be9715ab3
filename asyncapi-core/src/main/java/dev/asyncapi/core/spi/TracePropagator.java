package dev.asyncapi.core.spi;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.TraceContext;

import java.time.Duration;
import java.util.Optional;

/**
 * Carries a trace from a job's submit to its runs: captures the submitter's trace context when a job is
 * submitted (it is stored with the job, see {@link Job#traceContext()}) and opens the run's span, as the
 * current context of the handler's thread, around each run on whatever engine runs it. Set with
 * {@code AsyncJobs.Builder#tracePropagator}; {@code asyncapi-opentelemetry} implements it for OpenTelemetry.
 *
 * <p>Implementations must be thread-safe and quick. An exception they throw is logged and ignored: tracing
 * never changes what the engine does.
 */
public interface TracePropagator {

    /**
     * Captures the trace context current on the submitting thread, for a submit whose options carry none.
     * Called on the caller's thread of {@code AsyncJobs#submit}.
     *
     * @return the context, or empty if no trace is active
     */
    Optional<TraceContext> capture();

    /**
     * Opens the span of one run of a job, on the handler's thread right after the claim, and makes it
     * current there so that what the handler traces nests in it. {@link RunSpan#end()} is called on the same
     * thread once the outcome is recorded.
     *
     * @param job       the claimed job: its id, type, attempt (1 on the first run) and stored trace context
     * @param queueWait how long the job waited, due, before this claim
     * @return the run's span; never null
     */
    RunSpan startRun(Job job, Duration queueWait);

    /** The span of one run, as {@link #startRun} opened it. */
    interface RunSpan {

        /**
         * Marks the run failed: the handler threw, or its input or output could not be used. Called at
         * most once, before {@link #end()}. The default does nothing.
         *
         * @param failure what the handler threw; its message may hold user data, so record it with care
         */
        default void failed(Throwable failure) {
        }

        /** Ends the span and restores the thread's previous context. Called exactly once. */
        void end();
    }
}
