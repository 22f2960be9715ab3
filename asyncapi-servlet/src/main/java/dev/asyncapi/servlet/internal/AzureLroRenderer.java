package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RenderContext;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteResponse;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;

/**
 * The Azure REST API guidelines' long-running-operation profile; see
 * {@link ResponseRenderer#azureLongRunningOperation()}.
 */
public final class AzureLroRenderer implements ResponseRenderer {

    public static final AzureLroRenderer INSTANCE = new AzureLroRenderer();

    private AzureLroRenderer() {
    }

    static String azureStatus(JobStatus status) {
        return switch (status) {
            case PENDING -> "NotStarted";
            case RUNNING -> "Running";
            case COMPLETED -> "Succeeded";
            case FAILED -> "Failed";
            case TERMINATED -> "Canceled";
        };
    }

    @Override
    public RouteResponse accepted(Job job, RenderContext ctx) {
        return monitor(job, ctx, 202)
                .withHeader("Operation-Location", ctx.statusUri(job.id()).toString())
                .withHeader("Location", ctx.resultUri(job.id()).toString())
                .withHeader("Retry-After", ctx.retryAfterSeconds());
    }

    @Override
    public RouteResponse finished(Job job, RenderContext ctx) {
        return monitor(job, ctx, 200);
    }

    @Override
    public RouteResponse status(Job job, RenderContext ctx) {
        return monitor(job, ctx, 200);
    }

    @Override
    public RouteResponse terminationAccepted(Job job, RenderContext ctx) {
        return monitor(job, ctx, 202);
    }

    private static RouteResponse monitor(Job job, RenderContext ctx, int code) {
        JsonWriter json = new JsonWriter().string("id", job.id()).string("status", azureStatus(job.status()));
        if (job.status() == JobStatus.COMPLETED) {
            json.string("resourceLocation", ctx.resultUri(job.id()).toString());
        }
        if (job.status() == JobStatus.FAILED || job.status() == JobStatus.TERMINATED) {
            job.failure().ifPresent(f -> json.startObject("error").string("code", f.code())
                    .string("message", f.message()).endObject());
        }
        job.progressJson().ifPresent(progress -> json.raw("progress", progress));
        RouteResponse response = RouteResponse.json(code, json.finish());
        return job.status().isTerminal() ? response : response.withHeader("Retry-After", ctx.retryAfterSeconds());
    }

    @Override
    public String toString() {
        return "ResponseRenderer.azureLongRunningOperation()";
    }
}
