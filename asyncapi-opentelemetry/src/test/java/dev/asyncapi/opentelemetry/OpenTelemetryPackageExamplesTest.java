package dev.asyncapi.opentelemetry;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example of the {@code dev.asyncapi.opentelemetry} package overview, run with the SDK's in-memory exporter. */
class OpenTelemetryPackageExamplesTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    /** What the application configured (the SDK, or {@code GlobalOpenTelemetry.get()} under the Java agent). */
    private final OpenTelemetry openTelemetry = sdk;
    private final Tracer tracer = openTelemetry.getTracer("example");
    private AsyncJobs jobs;

    @AfterEach
    void close() {
        if (jobs != null) {
            jobs.close();
        }
        sdk.close();
    }

    @Test
    void theRunOfAJobIsTracedAsAChildOfTheSpanThatSubmittedIt() throws Exception {
        // tag::opentelemetry-wire-tracing[]
        AsyncJobs jobs = AsyncJobs.builder()
                .tracePropagator(new AsyncJobsTracing(openTelemetry))
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();

        // a span of your own, or the server span an HTTP instrumentation opened for the request
        Span request = tracer.spanBuilder("POST /jobs/greet").startSpan();
        Job job;
        try (Scope scope = request.makeCurrent()) {
            job = jobs.submit("greet", "Ada");
        } finally {
            request.end();
        }
        // end::opentelemetry-wire-tracing[]
        this.jobs = jobs;

        assertThat(jobs.await(job.id(), Duration.ofSeconds(10)).status()).isEqualTo(JobStatus.COMPLETED);
        SpanData run = await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("run greet")).findFirst(), found -> found.isPresent()).orElseThrow();
        assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(run.getAttributes().get(AttributeKey.stringKey(AsyncJobsTracing.JOB_ID))).isEqualTo(job.id());
    }
}
