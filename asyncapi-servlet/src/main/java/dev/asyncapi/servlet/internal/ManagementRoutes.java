package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.OwnerResolver;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.servlet.RouteRequest;
import dev.asyncapi.servlet.RouteResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The management routes, {@code GET {base}} (list jobs of every owner) and {@code DELETE {base}} (purge
 * finished jobs). They exist only for callers in the management role: for anyone else they neither match nor
 * show in {@code Allow}, so the answer is the same 404 as when management is off. Being this layer's own,
 * they answer directly rather than through the engine's actions.
 */
final class ManagementRoutes {

    private final AsyncJobs jobs;

    private ManagementRoutes(AsyncJobs jobs) {
        this.jobs = jobs;
    }

    static List<CompiledRoute> of(String base, String role, AsyncJobs jobs, RouteDefaults defaults) {
        ManagementRoutes routes = new ManagementRoutes(jobs);
        PathTemplate path = PathTemplate.parse(base);
        Predicate<HttpServletRequest> inRole = request -> request.isUserInRole(role);
        return List.of(
                CompiledRoute.builtIn("GET", path, request -> routes.list((RequestContext) request), defaults, false, inRole),
                CompiledRoute.builtIn("DELETE", path, request -> routes.purge((RequestContext) request), defaults, false,
                        inRole));
    }

    private RouteAction list(RequestContext ctx) {
        JobQuery.Builder query = JobQuery.builder();
        JobPage page;
        try {
            query.statuses(statuses(ctx));
            ctx.queryParameter("type").ifPresent(query::type);
            ctx.queryParameter("owner").ifPresent(query::owner);
            query.createdBetween(instant(ctx, "createdFrom").orElse(null), instant(ctx, "createdTo").orElse(null));
            ctx.queryParameter("pageSize").ifPresent(size -> query.pageSize(parseInt("pageSize", size)));
            ctx.queryParameter("continuationToken").ifPresent(query::continuationToken);
            page = jobs.query(query.build());
        } catch (IllegalArgumentException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, ProblemMapping.detail(e));
        }
        JsonWriter json = new JsonWriter().startArray("jobs");
        for (Job job : page.jobs()) {
            json.startObject().string("id", job.id()).string("type", job.type())
                    .string("status", job.status().wireName())
                    .string("owner", job.owner().orElse(OwnerResolver.ANONYMOUS))
                    .number("attempt", job.attempt())
                    .string("createdAt", job.createdAt().toString())
                    .string("updatedAt", job.updatedAt().toString());
            job.finishedAt().ifPresent(at -> json.string("finishedAt", at.toString()));
            json.endObject();
        }
        json.endArray();
        page.continuationToken().ifPresent(token -> json.string("continuationToken", token));
        return RouteAction.respond(RouteResponse.json(200, json.finish()));
    }

    private RouteAction purge(RequestContext ctx) {
        Instant before = instant(ctx, "finishedBefore").orElseThrow(() -> new HttpProblemException(
                ProblemType.INVALID_REQUEST, "finishedBefore is required, as an ISO-8601 instant."));
        int purged;
        try {
            purged = jobs.purge(statuses(ctx), before);
        } catch (IllegalArgumentException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, ProblemMapping.detail(e));
        }
        return RouteAction.respond(RouteResponse.json(200, new JsonWriter().number("purged", purged).finish()));
    }

    private static Set<JobStatus> statuses(RequestContext ctx) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String value : ctx.queryParameters("status")) {
            for (String name : value.split(",")) {
                statuses.add(JobStatus.fromWireName(name.trim()).orElseThrow(() -> new HttpProblemException(
                        ProblemType.INVALID_REQUEST,
                        "status must be Pending, Running, Completed, Failed or Terminated.")));
            }
        }
        return statuses;
    }

    private static Optional<Instant> instant(RouteRequest ctx, String name) {
        Optional<String> raw = ctx.queryParameter(name);
        try {
            return raw.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                    name + " must be an ISO-8601 instant such as 2024-01-31T12:00:00Z.");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer.");
        }
    }
}
