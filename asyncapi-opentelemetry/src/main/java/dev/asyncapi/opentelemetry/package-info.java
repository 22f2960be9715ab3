/**
 * OpenTelemetry traces of asyncapi jobs: one trace from the request that submitted a job to the runs of that job,
 * on whichever instance they happen. Start with {@link dev.asyncapi.opentelemetry.AsyncJobsTracing}: a
 * {@link dev.asyncapi.core.spi.TracePropagator} that you set on every engine that submits or runs the traced types
 * with {@link dev.asyncapi.core.AsyncJobs.Builder#tracePropagator}. At submit it stores the W3C trace context of the
 * caller's current span with the job (through any store); each run opens a span {@code "run <type>"} in that
 * trace, current on the handler's thread, so what the handler traces nests in it. Over HTTP, the
 * {@code asyncapi-servlet} module's {@code AsyncJobsHttp} stores the submitting request's {@code traceparent} and
 * {@code tracestate} headers instead when present. In a Spring Boot application the
 * {@code asyncapi-spring-boot-starter} module wires it when this module and an {@code OpenTelemetry} bean are present.
 *
 * <p>Wiring tracing into an engine ({@code openTelemetry} is your configured SDK, or
 * {@code GlobalOpenTelemetry.get()} under the Java agent; {@code tracer} one of its tracers):
 *
 * <!-- snippet: opentelemetry-wire-tracing -->
 * <pre>{@code
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .tracePropagator(new AsyncJobsTracing(openTelemetry))
 *         .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *         .build();
 *
 * // a span of your own, or the server span an HTTP instrumentation opened for the request
 * Span request = tracer.spanBuilder("POST /jobs/greet").startSpan();
 * Job job;
 * try (Scope scope = request.makeCurrent()) {
 *     job = jobs.submit("greet", "Ada");
 * } finally {
 *     request.end();
 * }
 * }</pre>
 *
 * <p>Defaults and guarantees:
 * <ul>
 * <li>The first attempt's span is a child of the submitting span; a retry starts a new trace linked to it.
 *     {@link dev.asyncapi.opentelemetry.AsyncJobsTracing} lists the span's kind, attributes and status.</li>
 * <li>A submit with no valid span current stores no context, and its runs start traces of their own; a context
 *     given in {@link dev.asyncapi.core.SubmitOptions.Builder#traceContext} wins over the current span.</li>
 * <li>Spans go to the instrumentation scope {@value dev.asyncapi.opentelemetry.AsyncJobsTracing#INSTRUMENTATION_SCOPE}.
 *     A failed attempt's span has status {@code ERROR} and {@code error.type}; the exception's message is not
 *     recorded, as it may hold user data.</li>
 * <li>Only {@code traceparent} and {@code tracestate} are stored with the job: no baggage.</li>
 * <li>Thread-safe; one instance may serve several engines.</li>
 * </ul>
 *
 * <p>See also: the {@code asyncapi-micrometer} module's {@code dev.asyncapi.micrometer} package for metrics, and
 * {@link dev.asyncapi.core.TraceContext}, the context a job carries.
 */
package dev.asyncapi.opentelemetry;
