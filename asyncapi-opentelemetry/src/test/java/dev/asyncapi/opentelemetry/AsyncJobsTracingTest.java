package dev.asyncapi.opentelemetry;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.RetryPolicy;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.core.memory.InMemoryJobStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from submit to run across two engines sharing one store: a client-only engine submits inside a
 * span, a worker engine runs the job; spans go to the SDK's in-memory exporter.
 */
class AsyncJobsTracingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final Tracer tracer = otel.getTracer("test");
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<AsyncJobs> engines = new ArrayList<>();
    /** The span context current inside each handler call. */
    private final List<SpanContext> seenByHandler = new CopyOnWriteArrayList<>();

    record In(int n) {
    }

    record Out(int n) {
    }

    private AsyncJobs client() {
        return keep(AsyncJobs.builder().store(store).tracePropagator(new AsyncJobsTracing(otel))
                .submitOnly("work", In.class).build());
    }

    private AsyncJobs worker() {
        return keep(AsyncJobs.builder().store(store).tracePropagator(new AsyncJobsTracing(otel))
                .sweepInterval(Duration.ofMillis(20))
                .register(JobDefinition.builder("work", In.class, Out.class, (in, ctx) -> {
                    seenByHandler.add(Span.current().getSpanContext());
                    tracer.spanBuilder("inside the handler").startSpan().end();
                    if (ctx.attempt() <= in.n()) {
                        throw new IllegalStateException("attempt " + ctx.attempt() + " fails");
                    }
                    return new Out(ctx.attempt());
                }).retryPolicy(RetryPolicy.builder().maxAttempts(3)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()).build())
                .build());
    }

    private AsyncJobs keep(AsyncJobs engine) {
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void close() {
        engines.forEach(AsyncJobs::close);
        otel.close();
    }

    @Test
    void theRunOnAnotherEngineIsAChildOfTheSubmitAndParentOfTheHandlersSpans() throws Exception {
        AsyncJobs client = client();
        worker();
        Span submit = tracer.spanBuilder("POST /jobs/work").setSpanKind(SpanKind.SERVER).startSpan();
        Job job;
        try (Scope ignored = submit.makeCurrent()) {
            job = client.submit("work", new In(0));
        } finally {
            submit.end();
        }

        assertThat(client.await(job.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);

        assertThat(job.traceContext().map(TraceContext::traceId)).contains(submit.getSpanContext().getTraceId());
        SpanData run = await().atMost(PATIENCE).until(() -> runSpans(job.id()), spans -> spans.size() == 1).get(0);
        assertThat(run.getName()).isEqualTo("run work");
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getTraceId()).isEqualTo(submit.getSpanContext().getTraceId());
        assertThat(run.getParentSpanId()).isEqualTo(submit.getSpanContext().getSpanId());
        assertThat(run.getAttributes().get(AttributeKey.stringKey(AsyncJobsTracing.JOB_ID))).isEqualTo(job.id());
        assertThat(run.getAttributes().get(AttributeKey.stringKey(AsyncJobsTracing.JOB_TYPE))).isEqualTo("work");
        assertThat(run.getAttributes().get(AttributeKey.longKey(AsyncJobsTracing.JOB_ATTEMPT))).isEqualTo(1L);
        assertThat(run.getAttributes().get(AttributeKey.longKey(AsyncJobsTracing.QUEUE_WAIT_MS))).isNotNull();
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(seenByHandler).singleElement().satisfies(c -> assertThat(c.getSpanId()).isEqualTo(run.getSpanId()));
        SpanData inside = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("inside the handler"))
                .findFirst().orElseThrow();
        assertThat(inside.getParentSpanId()).isEqualTo(run.getSpanId());
    }

    @Test
    void aRetryStartsANewTraceLinkedToTheSubmitAndTheFailedAttemptIsAnError() throws Exception {
        AsyncJobs client = client();
        worker();
        Span submit = tracer.spanBuilder("submit").startSpan();
        Job job;
        try (Scope ignored = submit.makeCurrent()) {
            job = client.submit("work", new In(1));
        } finally {
            submit.end();
        }

        assertThat(client.await(job.id(), PATIENCE).attempt()).isEqualTo(2);

        List<SpanData> runs = await().atMost(PATIENCE).until(() -> runSpans(job.id()), spans -> spans.size() == 2);
        SpanData first = runs.get(0);
        SpanData retry = runs.get(1);
        assertThat(first.getParentSpanId()).isEqualTo(submit.getSpanContext().getSpanId());
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(retry.getAttributes().get(AttributeKey.longKey(AsyncJobsTracing.JOB_ATTEMPT))).isEqualTo(2L);
        assertThat(retry.getParentSpanContext().isValid()).isFalse();
        assertThat(retry.getTraceId()).isNotEqualTo(submit.getSpanContext().getTraceId());
        assertThat(retry.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(submit.getSpanContext().getTraceId());
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(submit.getSpanContext().getSpanId());
        });
        assertThat(retry.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aContextGivenAtSubmitWinsAndASubmitOutsideAnySpanStartsItsOwnTrace() throws Exception {
        AsyncJobs client = client();
        worker();
        TraceContext fromHeaders = TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b");

        Job given = client.submit("work", new In(0), SubmitOptions.builder().traceContext(fromHeaders).build());
        Job untraced = client.submit("work", new In(0));
        client.await(given.id(), PATIENCE);
        client.await(untraced.id(), PATIENCE);

        assertThat(untraced.traceContext()).isEmpty();
        SpanData run = await().atMost(PATIENCE).until(() -> runSpans(given.id()), spans -> spans.size() == 1).get(0);
        assertThat(run.getTraceId()).isEqualTo(fromHeaders.traceId());
        assertThat(run.getParentSpanId()).isEqualTo(fromHeaders.parentSpanId());
        assertThat(run.getSpanContext().getTraceState().get("a")).isEqualTo("b");
        SpanData alone = await().atMost(PATIENCE).until(() -> runSpans(untraced.id()), spans -> spans.size() == 1).get(0);
        assertThat(alone.getParentSpanContext().isValid()).isFalse();
        assertThat(alone.getLinks()).isEmpty();
    }

    private List<SpanData> runSpans(String jobId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(s -> jobId.equals(s.getAttributes().get(AttributeKey.stringKey(AsyncJobsTracing.JOB_ID))))
                .sorted(Comparator.comparing(s -> s.getAttributes().get(AttributeKey.longKey(AsyncJobsTracing.JOB_ATTEMPT))))
                .collect(Collectors.toList());
    }
}
