package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RenderContext;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteResponse;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobStatus;

/**
 * The standard contract's responses; the default methods of {@link ResponseRenderer} delegate here so the
 * profiles reuse them.
 */
public final class StandardRendering {

    /** The {@code type} of the {@code error} object of a Failed job. */
    static final String JOB_FAILED_TYPE = ProblemType.BASE_URI + "job-failed";
    /** The {@code type} of the {@code error} object of a Terminated job. */
    static final String JOB_TERMINATED_TYPE = ProblemType.BASE_URI + "job-terminated";

    public static final ResponseRenderer STANDARD = new ResponseRenderer() {
        @Override
        public String toString() {
            return "ResponseRenderer.standard()";
        }
    };

    private StandardRendering() {
    }

    public static RouteResponse accepted(Job job, RenderContext ctx) {
        String statusUri = ctx.statusUri(job.id()).toString();
        String body = new JsonWriter().string("id", job.id()).string("status", job.status().wireName())
                .string("statusUri", statusUri).finish();
        return RouteResponse.json(202, body).withHeader("Location", statusUri)
                .withHeader("Retry-After", ctx.retryAfterSeconds());
    }

    public static RouteResponse status(Job job, RenderContext ctx) {
        JsonWriter json = new JsonWriter().string("id", job.id()).string("status", job.status().wireName());
        job.outputJson().ifPresent(output -> json.raw("result", output));
        if (job.status() == JobStatus.FAILED || job.status() == JobStatus.TERMINATED) {
            job.failure().ifPresent(failure -> error(json, job.status(), failure));
        }
        job.progressJson().ifPresent(progress -> json.raw("progress", progress));
        RouteResponse response = RouteResponse.json(200, json.finish());
        return job.status().isTerminal() ? response : response.withHeader("Retry-After", ctx.retryAfterSeconds());
    }

    public static RouteResponse result(Job job, RenderContext ctx, ResponseRenderer renderer) {
        if (job.status() == JobStatus.COMPLETED) {
            return RouteResponse.json(200, job.outputJson().orElse("null"));
        }
        return renderer.problem(new Problem(ProblemType.RESULT_NOT_AVAILABLE,
                "The job is " + job.status().wireName() + "; only a Completed job has a result."), ctx);
    }

    public static RouteResponse problem(Problem problem) {
        String body = new JsonWriter().string("type", problem.type().uri().toString())
                .string("title", problem.type().title()).number("status", problem.status())
                .string("detail", problem.detail()).finish();
        return RouteResponse.of(problem.status()).withBody(RouteResponse.APPLICATION_PROBLEM_JSON, body);
    }

    private static void error(JsonWriter json, JobStatus status, JobFailure failure) {
        boolean terminated = status == JobStatus.TERMINATED;
        json.startObject("error")
                .string("type", terminated ? JOB_TERMINATED_TYPE : JOB_FAILED_TYPE)
                .string("title", terminated ? "Job terminated" : "Job failed")
                .string("detail", failure.message())
                .string("code", failure.code())
                .endObject();
    }
}
