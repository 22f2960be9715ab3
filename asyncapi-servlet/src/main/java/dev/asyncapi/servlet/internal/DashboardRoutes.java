package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.servlet.RouteRequest;
import dev.asyncapi.servlet.RouteResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The operator dashboard under {@code {base}/_dashboard}: its page and assets, and the data and actions the
 * page calls. The job list itself is the management route {@code GET {base}}. Like the management routes these
 * exist only for callers in the management role (anyone else gets the 404 of any unknown path), and they are
 * tried before the default routes, whose {@code {base}/{id}} would otherwise take {@code _dashboard}.
 *
 * <ul>
 *   <li>{@code GET {base}/_dashboard}: the page; {@code GET {base}/_dashboard/{asset}}: its script and style.</li>
 *   <li>{@code GET {base}/_dashboard/api/overview}: {@link DashboardOverview}, the engine's gauges, and the
 *       anti-forgery token (set in a cookie too, see {@link AntiForgery}).</li>
 *   <li>{@code GET {base}/_dashboard/api/jobs/{id}}: {@link DashboardJob}.</li>
 *   <li>{@code POST {base}/_dashboard/api/jobs/{id}/terminate} and
 *       {@code POST {base}/_dashboard/api/purge?olderThanSeconds=N}: the actions, behind {@link AntiForgery}.</li>
 * </ul>
 */
final class DashboardRoutes {

    /** Longest purge age accepted: ten years, in seconds. */
    private static final long MAX_PURGE_AGE_SECONDS = Duration.ofDays(3653).toSeconds();
    private static final String TERMINATION_REASON = "Terminated by an operator from the dashboard.";

    private final AsyncJobs jobs;
    private final String dashboardPath;
    private final boolean showInput;
    private final DashboardAssets assets = new DashboardAssets();
    private final AntiForgery antiForgery;
    private final RequestOrigin origin;

    private DashboardRoutes(PipelineSettings settings) {
        this.jobs = settings.jobs();
        this.dashboardPath = settings.http().basePath() + AsyncJobsHttp.DASHBOARD_PATH;
        this.showInput = settings.http().dashboardShowsInput();
        this.antiForgery = new AntiForgery(settings.origin());
        this.origin = settings.origin();
    }

    static List<CompiledRoute> of(PipelineSettings settings, String role) {
        DashboardRoutes routes = new DashboardRoutes(settings);
        RouteDefaults defaults = settings.defaults();
        String at = routes.dashboardPath;
        Predicate<HttpServletRequest> inRole = request -> request.isUserInRole(role);
        return List.of(
                CompiledRoute.builtIn("GET", PathTemplate.parse(at), request -> routes.asset("index.html", request),
                        defaults, false, inRole),
                CompiledRoute.builtIn("GET", PathTemplate.parse(at + "/{asset}"),
                        request -> routes.asset(request.pathVariable("asset"), request), defaults, false, inRole),
                CompiledRoute.builtIn("GET", PathTemplate.parse(at + "/api/overview"),
                        request -> routes.overview(request), defaults, false, inRole),
                CompiledRoute.builtIn("GET", PathTemplate.parse(at + "/api/jobs/{id}"),
                        request -> routes.job(request.pathVariable("id")), defaults, false, inRole),
                CompiledRoute.builtIn("POST", PathTemplate.parse(at + "/api/jobs/{id}/terminate"),
                        request -> routes.terminate(request), defaults, false, inRole),
                CompiledRoute.builtIn("POST", PathTemplate.parse(at + "/api/purge"),
                        request -> routes.purge(request), defaults, false, inRole));
    }

    private RouteAction asset(String name, RouteRequest request) {
        return RouteAction.respond(assets.answer(name, request.header("If-None-Match").orElse(null))
                .orElseThrow(() -> new HttpProblemException(ProblemType.RESOURCE_NOT_FOUND, "No resource at this path.")));
    }

    private RouteAction overview(RouteRequest request) {
        HttpServletRequest servlet = request.servletRequest();
        Optional<String> token = AntiForgery.tokenOf(servlet);
        String csrf = token.orElseGet(AntiForgery::newToken);
        String body = DashboardOverview.of(jobs, Instant.now(), json -> {
            DashboardGauges.write(jobs, json);
            json.bool("showsInput", showInput).string("csrfToken", csrf);
        });
        RouteResponse response = RouteResponse.json(200, body);
        if (token.isEmpty()) {
            // the path the browser sees: with the public base URI's or a trusted proxy's prefix, if any
            URI root = URI.create(origin.of(servlet));
            response = response.withHeader("Set-Cookie", AntiForgery.setCookie(csrf,
                    root.getRawPath() + dashboardPath, root.getScheme().equals("https") || servlet.isSecure()));
        }
        return RouteAction.respond(DashboardAssets.secured(response));
    }

    private RouteAction job(String id) {
        Job job = find(id);
        return RouteAction.respond(DashboardAssets.secured(
                RouteResponse.json(200, DashboardJob.json(job, Instant.now(), showInput))));
    }

    private RouteAction terminate(RouteRequest request) {
        antiForgery.check(request.servletRequest());
        Job job = find(request.pathVariable("id"));
        if (job.status().isTerminal()) {
            throw new HttpProblemException(ProblemType.JOB_ALREADY_TERMINAL,
                    "The job is already " + job.status().wireName() + ".");
        }
        Job terminated;
        try {
            terminated = jobs.terminate(job.id(), TERMINATION_REASON);
        } catch (PayloadTooLargeException e) {
            throw ProblemMapping.terminationTooLarge();
        }
        return RouteAction.respond(DashboardAssets.secured(
                RouteResponse.json(200, DashboardJob.json(terminated, Instant.now(), showInput))));
    }

    private RouteAction purge(RouteRequest request) {
        antiForgery.check(request.servletRequest());
        String raw = request.queryParameter("olderThanSeconds").orElseThrow(() -> new HttpProblemException(
                ProblemType.INVALID_REQUEST, "olderThanSeconds is required: purge jobs finished longer ago than this."));
        long seconds;
        try {
            seconds = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0 || seconds > MAX_PURGE_AGE_SECONDS) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                    "olderThanSeconds must be a whole number from 0 to " + MAX_PURGE_AGE_SECONDS + ".");
        }
        int purged = jobs.purge(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.TERMINATED),
                Instant.now().minusSeconds(seconds));
        return RouteAction.respond(DashboardAssets.secured(
                RouteResponse.json(200, new JsonWriter().number("purged", purged).finish())));
    }

    /** Any job, of any owner: operators see them all. Malformed and unknown ids alike are not found. */
    private Job find(String id) {
        return jobs.find(id).orElseThrow(() -> new HttpProblemException(ProblemType.JOB_NOT_FOUND, "No job with this id."));
    }
}
