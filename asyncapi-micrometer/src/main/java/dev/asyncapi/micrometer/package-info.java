/**
 * Micrometer metrics of an asyncapi engine: how many jobs were submitted, refused and ended (by type, outcome and
 * failure code), how long they waited and ran, how long each call to the job store took, and how full the engine
 * is. Start with {@link dev.asyncapi.micrometer.AsyncJobsMetrics}: a {@link dev.asyncapi.core.JobListener} that you
 * add to the engine with {@link dev.asyncapi.core.AsyncJobs.Builder#listener} and whose
 * {@link dev.asyncapi.micrometer.AsyncJobsMetrics#bindGauges bindGauges} registers the engine's
 * {@link dev.asyncapi.core.EngineGauges} once the engine is built. It works with any store and any
 * {@code MeterRegistry} (Prometheus, OTLP, the Actuator's); {@code asyncapi-core} itself never depends on Micrometer.
 * In a Spring Boot application the {@code asyncapi-spring-boot-starter} module does all of this for you when this
 * module and a {@code MeterRegistry} are present.
 *
 * <p>Binding the metrics of one engine to a registry ({@code registry} is your application's
 * {@code MeterRegistry}):
 *
 * <!-- snippet: micrometer-bind-metrics -->
 * <pre>{@code
 * AsyncJobsMetrics metrics = new AsyncJobsMetrics(registry);
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .listener(metrics)
 *         .workers(4)
 *         .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *         .build();
 * metrics.bindGauges(jobs);
 *
 * Job done = jobs.await(jobs.submit("greet", "Ada").id(), Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Defaults and guarantees:
 * <ul>
 * <li>Meter names are the constants of {@link dev.asyncapi.micrometer.AsyncJobsMetrics}
 *     ({@value dev.asyncapi.micrometer.AsyncJobsMetrics#SUBMITTED},
 *     {@value dev.asyncapi.micrometer.AsyncJobsMetrics#OUTCOMES}, {@value dev.asyncapi.micrometer.AsyncJobsMetrics#RUN},
 *     ...); its class comment lists every meter with its kind
 *     and tags.</li>
 * <li>Every meter carries the tags given to
 *     {@link dev.asyncapi.micrometer.AsyncJobsMetrics#AsyncJobsMetrics(
 *     io.micrometer.core.instrument.MeterRegistry, Iterable) the constructor}; none by default. Give each engine of one process its own tag.</li>
 * <li>The meters count what this engine does (its submits, its runs, its store calls); add them up across
 *     instances in your monitoring backend.</li>
 * <li>The {@code code} tag takes the failure codes of the {@code JobFailedException}s your handlers throw: keep
 *     them a small fixed set, or the number of time series grows with them.</li>
 * <li>The outcome of a run is counted right after the store recorded it, on the handler's thread: a reader that
 *     {@linkplain dev.asyncapi.core.AsyncJobs#await awaited} the job may see the counter a moment later.</li>
 * <li>The gauges hold the engine weakly and read {@code NaN} once it is garbage collected.</li>
 * <li>Thread-safe. Meters are registered on first use and cached: an event costs a map lookup and an increment. A
 *     listener that throws is logged and ignored by the engine, so metrics never change what the engine does.</li>
 * </ul>
 *
 * <p>See also: {@link dev.asyncapi.core.JobListener} for events of your own, and the
 * {@code asyncapi-opentelemetry} module's {@code dev.asyncapi.opentelemetry} package for traces from a submit to
 * its runs.
 */
package dev.asyncapi.micrometer;
