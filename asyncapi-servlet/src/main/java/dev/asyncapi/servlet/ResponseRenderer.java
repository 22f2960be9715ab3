package dev.asyncapi.servlet;

import dev.asyncapi.core.Job;
import dev.asyncapi.servlet.internal.AzureLroRenderer;
import dev.asyncapi.servlet.internal.SeeOtherRenderer;
import dev.asyncapi.servlet.internal.StandardRendering;

/**
 * Shapes the answers of a route: from a job (or a problem) to status code, headers and body. Every method
 * has the standard contract as its default, so a renderer overrides only what its service shapes
 * differently.
 *
 * <p>The HTTP layer adds {@code Retry-After} to 503 answers and {@code Allow} to 405 answers, and
 * {@code Preference-Applied} after {@code Prefer: wait}, when the rendered response lacks them.
 *
 * <p>Implementations must be thread-safe. Built-in renderers: {@link #standard()},
 * {@link #azureLongRunningOperation()} and {@link #seeOtherWhenCompleted()}.
 *
 * <p>A renderer with a service's own bodies for an accepted submit and an unknown id, and the standard contract
 * for every other answer; give it to the service's routes ({@link Route.Builder#renderer}), whose
 * {@linkplain Route.Builder#statusPath status path} decides {@link RenderContext#statusUri}:
 *
 * <!-- snippet: servlet-responserenderer-own-bodies -->
 * <pre>{@code
 * ResponseRenderer audit = new ResponseRenderer() {
 *     @Override
 *     public RouteResponse accepted(Job job, RenderContext ctx) {
 *         String statusUri = ctx.statusUri(job.id()).toString();
 *         return RouteResponse.json(202, "{\"statusUri\": \"" + statusUri + "\"}")
 *                 .withHeader("Location", statusUri)
 *                 .withHeader("Retry-After", ctx.retryAfterSeconds());
 *     }
 *
 *     @Override
 *     public RouteResponse notFound(RenderContext ctx) {
 *         return RouteResponse.json(404, "{\"error\": \"Job not found\"}");
 *     }
 * };
 * }</pre>
 */
public interface ResponseRenderer {

    /**
     * Answers a submit that was accepted (a new job, or the earlier job of the same idempotency key).
     * Standard: {@code 202}, {@code Location} and {@code Retry-After}, body {@code {"id","status","statusUri"}}.
     *
     * @param job the submitted job
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse accepted(Job job, RenderContext ctx) {
        return StandardRendering.accepted(job, ctx);
    }

    /**
     * Answers a submit with {@code Prefer: wait=N} whose job became terminal within the wait.
     * Standard: {@code 200} with the status body, which carries the result or error.
     *
     * @param job the terminal job
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse finished(Job job, RenderContext ctx) {
        return StandardRendering.status(job, ctx);
    }

    /**
     * Answers a status read. Standard: {@code 200}, body {@code {"id","status"}} plus {@code result} once
     * Completed, {@code error} (a problem object) once Failed or Terminated, {@code progress} when reported;
     * {@code Retry-After} while not terminal.
     *
     * @param job the caller's job
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse status(Job job, RenderContext ctx) {
        return StandardRendering.status(job, ctx);
    }

    /**
     * Answers a result read. Standard: {@code 200} with the output JSON of a Completed job; otherwise the
     * problem {@link ProblemType#RESULT_NOT_AVAILABLE}.
     *
     * @param job the caller's job, in any status
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse result(Job job, RenderContext ctx) {
        return StandardRendering.result(job, ctx, this);
    }

    /**
     * Answers an accepted termination request. Standard: {@code 202} with the status body.
     *
     * @param job the job after the request
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse terminationAccepted(Job job, RenderContext ctx) {
        return StandardRendering.status(job, ctx).withStatus(202);
    }

    /**
     * Answers for an id that names no job of the caller (unknown, malformed, or another owner's): the same
     * answer in all three cases. Standard: the problem {@link ProblemType#JOB_NOT_FOUND}.
     *
     * @param ctx the render context
     * @return the response
     */
    default RouteResponse notFound(RenderContext ctx) {
        return problem(new Problem(ProblemType.JOB_NOT_FOUND, "No job with this id."), ctx);
    }

    /**
     * Answers a problem. Standard: RFC 9457 {@code application/problem+json} with {@code type}, {@code title},
     * {@code status} and {@code detail}.
     *
     * @param problem the problem
     * @param ctx     the render context
     * @return the response
     */
    default RouteResponse problem(Problem problem, RenderContext ctx) {
        return StandardRendering.problem(problem);
    }

    /**
     * The standard contract, as each default method describes.
     *
     * @return the standard renderer
     */
    static ResponseRenderer standard() {
        return StandardRendering.STANDARD;
    }

    /**
     * The Azure REST API guidelines' long-running-operation profile, which azure-core's pollers drive with
     * their default strategy: submit answers {@code 202} with {@code Operation-Location} (the status monitor)
     * and {@code Location} (the result); the status monitor's {@code status} is one of {@code NotStarted},
     * {@code Running}, {@code Succeeded}, {@code Failed}, {@code Canceled}, with {@code error} as
     * {@code {"code","message"}} once Failed or Canceled and {@code resourceLocation} once Succeeded.
     *
     * @return the renderer
     */
    static ResponseRenderer azureLongRunningOperation() {
        return AzureLroRenderer.INSTANCE;
    }

    /**
     * The standard contract, except that the status of a Completed job answers {@code 303 See Other} with
     * {@code Location} pointing to the result resource (Microsoft's asynchronous request-reply guidance).
     *
     * @return the renderer
     */
    static ResponseRenderer seeOtherWhenCompleted() {
        return SeeOtherRenderer.INSTANCE;
    }
}
