package dev.asyncapi.opentelemetry;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.core.spi.TracePropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenTelemetry traces from a job's submit to its runs, on any instance. Set it on every engine that submits
 * or runs the traced types, with {@code AsyncJobs.builder().tracePropagator(new AsyncJobsTracing(openTelemetry))}
 * (the {@linkplain dev.asyncapi.opentelemetry package overview} has the complete example).
 *
 * <p>At submit, the W3C trace context current on the caller's thread (an HTTP server span, or a span of your
 * own) is stored with the job; the servlet stores the {@code traceparent} and {@code tracestate} headers of
 * the submitting request instead when they are present. Each run opens a span named
 * {@code "run <type>"} (kind {@link SpanKind#CONSUMER}), current on the handler's thread while the handler
 * runs, so what the handler traces nests in it:
 * <ul>
 * <li>the first attempt's span is a <b>child</b> of the submit's span: one trace from the HTTP request to the
 *     end of the work, whichever instance ran it;</li>
 * <li>a retry's span starts a new trace with a <b>link</b> to the submit's span, as OpenTelemetry's messaging
 *     conventions do for work processed long after it was sent;</li>
 * <li>attributes {@value #JOB_ID}, {@value #JOB_TYPE}, {@value #JOB_ATTEMPT} and {@value #QUEUE_WAIT_MS} (how
 *     long the job waited, due, before this attempt's claim);</li>
 * <li>status {@link StatusCode#ERROR} with {@code error.type} (the exception's class) when the handler failed;
 *     the exception's message is not recorded, as it may hold user data.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class AsyncJobsTracing implements TracePropagator {

    /** The instrumentation scope name of the spans. */
    public static final String INSTRUMENTATION_SCOPE = "dev.asyncapi";
    /** Span attribute: the job id. */
    public static final String JOB_ID = "asyncapi.job.id";
    /** Span attribute: the job type. */
    public static final String JOB_TYPE = "asyncapi.job.type";
    /** Span attribute: the attempt, 1 for the first run. */
    public static final String JOB_ATTEMPT = "asyncapi.job.attempt";
    /** Span attribute: milliseconds the job waited, due, before the claim that started this attempt. */
    public static final String QUEUE_WAIT_MS = "asyncapi.job.queue_wait_ms";

    private static final AttributeKey<String> ID = AttributeKey.stringKey(JOB_ID);
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey(JOB_TYPE);
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey(JOB_ATTEMPT);
    private static final AttributeKey<Long> WAIT = AttributeKey.longKey(QUEUE_WAIT_MS);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final Tracer tracer;
    private final W3CTraceContextPropagator w3c = W3CTraceContextPropagator.getInstance();

    /**
     * Traces with the given OpenTelemetry instance (the SDK you configured, or
     * {@code GlobalOpenTelemetry.get()}).
     *
     * @param openTelemetry where spans go
     * @throws NullPointerException if null
     */
    public AsyncJobsTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry cannot be null")
                .getTracer(INSTRUMENTATION_SCOPE);
    }

    /**
     * Captures the trace context current on the submitting thread.
     *
     * @return its {@code traceparent} and {@code tracestate}, or empty when no valid span is current
     */
    @Override
    public Optional<TraceContext> capture() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>(4);
        w3c.inject(current, headers, Map::put);
        return TraceContext.fromHeaders(headers.get(TRACEPARENT), headers.get(TRACESTATE));
    }

    /**
     * Opens the run's span: a child of the submit on the first attempt, a new trace linked to it on retries,
     * a new trace when the job carries no context. The span is current on the calling (handler) thread until
     * {@link RunSpan#end()}.
     *
     * @param job       the claimed job
     * @param queueWait how long it waited, due, before this claim
     * @return the span
     */
    @Override
    public RunSpan startRun(Job job, Duration queueWait) {
        SpanBuilder builder = tracer.spanBuilder("run " + job.type()).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(ID, job.id()).setAttribute(TYPE, job.type())
                .setAttribute(ATTEMPT, (long) job.attempt()).setAttribute(WAIT, queueWait.toMillis())
                .setNoParent();
        Context submit = job.traceContext().map(this::extract).orElse(Context.root());
        SpanContext submitter = Span.fromContext(submit).getSpanContext();
        if (submitter.isValid()) {
            if (job.attempt() <= 1) {
                builder.setParent(submit);
            } else {
                builder.addLink(submitter);
            }
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        return new RunSpan() {
            @Override
            public void failed(Throwable failure) {
                span.setStatus(StatusCode.ERROR, "the handler failed");
                span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            }

            @Override
            public void end() {
                scope.close();
                span.end();
            }
        };
    }

    private Context extract(TraceContext trace) {
        return w3c.extract(Context.root(), trace, CARRIER);
    }

    /** Reads the two headers out of a stored {@link TraceContext}. */
    private static final TextMapGetter<TraceContext> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return carrier.tracestate().isPresent() ? List.of(TRACEPARENT, TRACESTATE) : List.of(TRACEPARENT);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            if (TRACEPARENT.equals(key)) {
                return carrier.traceparent();
            }
            return TRACESTATE.equals(key) ? carrier.tracestate().orElse(null) : null;
        }
    };
}
