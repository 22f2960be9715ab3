package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncapi.core.Job;
import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.RenderContext;
import dev.asyncapi.servlet.RequestMapper;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.servlet.RouteResponse;

/**
 * The reference scenario's URLs and bodies on top of the library's HTTP layer: a {@link RequestMapper} per
 * route and one {@link ResponseRenderer}.
 *
 * <ul>
 *   <li>{@code GET /api/submit/query?s=&e=}: 400 {@code {"error": "..."}} (see {@link AuditDates}) or
 *       202 with {@code Location}, {@code Retry-After} and {@code {"statusUri": ".../api/status/{id}"}}.</li>
 *   <li>{@code GET /api/status/{id}}: 200 {@code {"id","status","result"}}; {@code result} is the count once
 *       Completed and null before; {@code progress} while Running; {@code error} ({@code code},
 *       {@code message}) once Failed or Terminated; {@code Retry-After} while not terminal. An unknown id
 *       answers 404 {@code {"error": "Job not found"}}.</li>
 *   <li>Problems the library raises (for example 503 when saturated) keep their status, with the body
 *       {@code {"error": "<detail>"}}.</li>
 * </ul>
 * Thread-safe (stateless).
 */
public final class AuditRoutes {

    /** The submit route. */
    public static final String SUBMIT_PATH = "/api/submit/query";
    /** The status route template. */
    public static final String STATUS_PATH = "/api/status/{id}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRoutes() {
    }

    /**
     * The mapper of {@value #SUBMIT_PATH}: validates {@code s} and {@code e} and submits an
     * {@link AuditCountJob}.
     *
     * @param maxDays the longest accepted range in days
     * @return the mapper
     */
    public static RequestMapper submit(int maxDays) {
        return request -> {
            AuditDates.Validation v = AuditDates.validate(request.queryParameter("s").orElse(null),
                    request.queryParameter("e").orElse(null), maxDays);
            return v.query().map(q -> RouteAction.submit(AuditCountJob.TYPE, q))
                    .orElseGet(() -> RouteAction.respond(error(400, v.error().orElseThrow())));
        };
    }

    /**
     * The mapper of {@value #STATUS_PATH}.
     *
     * @return the mapper
     */
    public static RequestMapper status() {
        return request -> RouteAction.status(request.pathVariable("id"));
    }

    /**
     * The renderer of both routes.
     *
     * @return the renderer
     */
    public static ResponseRenderer renderer() {
        return RENDERER;
    }

    private static final ResponseRenderer RENDERER = new ResponseRenderer() {
        @Override
        public RouteResponse accepted(Job job, RenderContext ctx) {
            String statusUri = ctx.absoluteUri("/api/status/" + job.id()).toString();
            ObjectNode body = JSON.createObjectNode().put("statusUri", statusUri);
            return RouteResponse.json(202, write(body)).withHeader("Location", statusUri)
                    .withHeader("Retry-After", ctx.retryAfterSeconds());
        }

        @Override
        public RouteResponse finished(Job job, RenderContext ctx) {
            return status(job, ctx);
        }

        @Override
        public RouteResponse status(Job job, RenderContext ctx) {
            ObjectNode body = JSON.createObjectNode().put("id", job.id()).put("status", job.status().wireName());
            body.set("result", job.outputJson().map(AuditRoutes::read).orElse(JSON.nullNode()));
            if (!job.status().isTerminal()) {
                job.progressJson().ifPresent(p -> body.set("progress", read(p)));
            }
            job.failure().ifPresent(f -> body.putObject("error").put("code", f.code()).put("message", f.message()));
            RouteResponse response = RouteResponse.json(200, write(body));
            return job.status().isTerminal() ? response : response.withHeader("Retry-After", ctx.retryAfterSeconds());
        }

        @Override
        public RouteResponse notFound(RenderContext ctx) {
            return error(404, "Job not found");
        }

        @Override
        public RouteResponse problem(Problem problem, RenderContext ctx) {
            return error(problem.status(), problem.detail());
        }
    };

    private static RouteResponse error(int status, String message) {
        return RouteResponse.json(status, write(JSON.createObjectNode().put("error", message)));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job payload is not JSON", e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
