package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.micrometer.AsyncJobsMetrics;
import dev.asyncapi.opentelemetry.AsyncJobsTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/operating.md, run: the Micrometer binding and the OpenTelemetry propagator. */
class OperatingTest {

    @Test
    void theMetricsCountSubmitsAndShowTheEngineGauges() throws Exception {
        MeterRegistry meterRegistry = new SimpleMeterRegistry();

        // tag::operating-metrics[]
        AsyncJobsMetrics metrics = new AsyncJobsMetrics(meterRegistry);           // or (registry, Tags.of("engine", "api"))
        AsyncJobs jobs = AsyncJobs.builder().listener(metrics)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();
        metrics.bindGauges(jobs);
        // end::operating-metrics[]

        try {
            jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-02")).id(), Duration.ofSeconds(30));
            assertThat(meterRegistry.get("asyncapi.jobs.submitted").tag("type", "count").counter().count())
                    .isEqualTo(1.0);
            assertThat(meterRegistry.get("asyncapi.engine.workers").gauge().value())
                    .isEqualTo(AsyncJobs.defaultWorkers());
        } finally {
            jobs.close();
        }
    }

    @Test
    void theRunIsAConsumerSpanInTheSubmittersTrace() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        CountDownLatch runEnded = new CountDownLatch(1);
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .addSpanProcessor(new EndLatch(runEnded))
                        .build())
                .build();

        // tag::operating-traces[]
        AsyncJobsTracing tracing = new AsyncJobsTracing(openTelemetry);   // your SDK, or GlobalOpenTelemetry.get()
        AsyncJobs jobs = AsyncJobs.builder().tracePropagator(tracing)
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();
        // end::operating-traces[]

        Span request = openTelemetry.getTracer("test").spanBuilder("POST /jobs/count").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            Job job = jobs.submit("count", new CountRequest("2021-08-01", "2021-08-02"));
            assertThat(job.traceContext()).isPresent();
        } finally {
            request.end();
            assertThat(runEnded.await(30, TimeUnit.SECONDS)).as("the run's span ended").isTrue();
            jobs.close();
        }

        SpanData run = exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("run count")).findFirst().orElseThrow();
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    }

    /** Counts down when a span named "run ..." ends. */
    private record EndLatch(CountDownLatch latch) implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            if (span.getName().startsWith("run ")) {
                latch.countDown();
            }
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
