package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RenderContext;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteResponse;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;

/**
 * The standard contract with {@code 303 See Other} to the result once Completed; see
 * {@link ResponseRenderer#seeOtherWhenCompleted()}.
 */
public final class SeeOtherRenderer implements ResponseRenderer {

    public static final SeeOtherRenderer INSTANCE = new SeeOtherRenderer();

    private SeeOtherRenderer() {
    }

    @Override
    public RouteResponse status(Job job, RenderContext ctx) {
        if (job.status() == JobStatus.COMPLETED) {
            return RouteResponse.of(303).withHeader("Location", ctx.resultUri(job.id()).toString());
        }
        return StandardRendering.status(job, ctx);
    }

    @Override
    public String toString() {
        return "ResponseRenderer.seeOtherWhenCompleted()";
    }
}
