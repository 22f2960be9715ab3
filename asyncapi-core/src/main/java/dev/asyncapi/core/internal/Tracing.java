package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.core.spi.TracePropagator;
import dev.asyncapi.core.spi.TracePropagator.RunSpan;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The engine's side of {@link TracePropagator}: captures the submitter's context and opens each run's span,
 * or does nothing when no propagator is set. A propagator that throws is logged and ignored.
 */
public final class Tracing {

    private static final System.Logger LOG = System.getLogger(Tracing.class.getName());
    private static final RunSpan NO_SPAN = () -> { };
    private static final Span NO_RUN_SPAN = new Span(NO_SPAN);
    private static final Tracing NONE = new Tracing(null);

    private final TracePropagator propagator;

    private Tracing(TracePropagator propagator) {
        this.propagator = propagator;
    }

    /**
     * @param propagator the user's propagator, or null for none
     * @return the engine's tracing
     */
    public static Tracing of(TracePropagator propagator) {
        return propagator == null ? NONE : new Tracing(propagator);
    }

    /** @return the context to store with a job: the one the submit carries, else the caller's current one */
    Optional<TraceContext> forSubmit(Optional<TraceContext> given) {
        if (given.isPresent() || propagator == null) {
            return given;
        }
        try {
            return propagator.capture();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the trace propagator failed to capture the submitter's context; the job is"
                    + " stored without one", e);
            return Optional.empty();
        }
    }

    /** Opens the span of a run; never null, never throws. */
    Span startRun(Job claimed, RunTiming timing) {
        if (propagator == null) {
            return NO_RUN_SPAN;
        }
        try {
            RunSpan span = propagator.startRun(claimed, timing.queueWait());
            return span == null ? NO_RUN_SPAN : new Span(span);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "the trace propagator failed to start the span of job " + claimed.id(), e);
            return NO_RUN_SPAN;
        }
    }

    /** A run's span, whose calls never throw. */
    static final class Span {
        private final RunSpan span;

        private Span(RunSpan span) {
            this.span = span;
        }

        void failed(Throwable failure) {
            try {
                span.failed(failure);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the trace propagator failed to mark a run's span failed", e);
            }
        }

        void end() {
            try {
                span.end();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the trace propagator failed to end a run's span", e);
            }
        }
    }
}
