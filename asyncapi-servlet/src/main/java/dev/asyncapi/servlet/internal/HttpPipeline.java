package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.Route;
import dev.asyncapi.servlet.RouteAction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP layer's request pipeline, which {@code AsyncJobsFilter} and {@code AsyncJobsServlet} call:
 * route ({@link RouteTable}), read the body without a thread ({@link RequestBody}), map ({@code RequestMapper}),
 * run the action ({@link Actions}: submit, status with long poll or event stream, result, terminate) and
 * answer ({@link Exchange}, {@link ResponseWriter}), with every failure answered by its problem
 * ({@link ProblemMapping}).
 *
 * <p>Thread-safe; one per filter or servlet. {@link #close()} stops its timer and open event streams.
 */
public final class HttpPipeline implements AutoCloseable {

    /** Marks a request this pipeline declined after reading its body, so it is passed on when re-dispatched. */
    private static final String DECLINED = HttpPipeline.class.getName() + ".declined";
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z]{1,16}");

    private final PipelineSettings settings;
    private final RouteTable table;
    private final Actions actions;
    private final EventStreams eventStreams;
    private final HttpTimer timer = new HttpTimer();

    /**
     * Builds the pipeline of a configuration.
     *
     * @param http the configuration
     */
    public HttpPipeline(AsyncJobsHttp http) {
        this.settings = PipelineSettings.of(http, timer);
        RouteDefaults defaults = settings.defaults();
        List<CompiledRoute> routes = new ArrayList<>();
        for (Route route : http.routes()) {
            routes.add(CompiledRoute.of(route, defaults.statusPath(), defaults.resultPath()));
        }
        if (http.defaultRoutesEnabled()) {
            if (http.dashboardEnabled()) {
                // before the default routes: {base}/{id} would take {base}/_dashboard
                http.managementRole().ifPresent(role -> routes.addAll(DashboardRoutes.of(settings, role)));
            }
            routes.addAll(DefaultRoutes.of(http.basePath(), http.jobs(), defaults));
            http.managementRole().ifPresent(role ->
                    routes.addAll(ManagementRoutes.of(http.basePath(), role, http.jobs(), defaults)));
        }
        this.table = new RouteTable(routes, http.defaultRoutesEnabled() ? http.basePath() : null);
        this.eventStreams = new EventStreams(settings);
        this.actions = new Actions(settings, eventStreams);
    }

    /**
     * Serves the request if a route takes it.
     *
     * @param request  the request
     * @param response the response
     * @return false if no route matched or the mapper declined: the caller passes the request on
     */
    public boolean handle(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(DECLINED) != null) {
            return false;
        }
        String path = pathOf(request);
        RouteTable.Match match = table.match(request.getMethod(), path, request);
        if (match instanceof RouteTable.NotOurs) {
            return false;
        }
        if (match instanceof RouteTable.NotFound) {
            notFound(request, response);
            return true;
        }
        if (match instanceof RouteTable.WrongMethod wrong) {
            Exchange exchange = exchange(wrong.first(), Map.of(), request, response, path);
            String method = request.getMethod();
            Problem problem = new Problem(ProblemType.METHOD_NOT_ALLOWED, "The method "
                    + (METHOD_NAME.matcher(method).matches() ? method + " " : "") + "is not allowed here; see the"
                    + " Allow header.");
            var answer = exchange.problemResponse(problem);
            exchange.respond(answer.header("Allow").isPresent() ? answer
                    : answer.withHeader("Allow", String.join(", ", wrong.allowed())));
            return true;
        }
        RouteTable.Found found = (RouteTable.Found) match;
        Exchange exchange = exchange(found.route(), found.variables(), request, response, path);
        long limit = settings.http().maxBodyBytes();
        if (RequestBody.isAnnounced(request) && request.isAsyncSupported()) {
            if (RequestBody.announcedFarOver(request, limit)) {
                response.setHeader("Connection", "close");
                exchange.fail(RequestBody.tooLarge(limit));
                return true;
            }
            readBodyThenDispatch(exchange, found.route(), limit);
            return true;
        }
        return dispatch(exchange, found.route());
    }

    /**
     * Answers "no resource here", for the servlet variant and paths under the base path.
     *
     * @param request  the request
     * @param response the response
     */
    public void notFound(HttpServletRequest request, HttpServletResponse response) {
        exchange(null, Map.of(), request, response, pathOf(request))
                .problem(new Problem(ProblemType.RESOURCE_NOT_FOUND, "No resource at this path."));
    }

    /** Stops the timer and ends the open event streams. */
    @Override
    public void close() {
        eventStreams.close();
        timer.close();
    }

    private Exchange exchange(CompiledRoute route, Map<String, String> variables, HttpServletRequest request,
                              HttpServletResponse response, String path) {
        RequestContext context = new RequestContext(settings, route, variables, request, path);
        return new Exchange(settings, context, request, response);
    }

    /** Reads the body with the servlet's non-blocking input under the body deadline, then maps and runs. */
    private void readBodyThenDispatch(Exchange exchange, CompiledRoute route, long limit) {
        Duration deadline = settings.http().bodyTimeout();
        // the container's own timeout is a safety net beyond the body deadline and a long poll that may follow
        AsyncContext async = exchange.goAsync(deadline.plus(settings.http().maxWait()).plusSeconds(30));
        RequestBody.NonBlocking reader;
        try {
            reader = new RequestBody.NonBlocking(exchange.request().getInputStream(), limit, bytes -> {
                exchange.context().bodyRead(bytes);
                if (!dispatch(exchange, route)) {
                    exchange.request().setAttribute(DECLINED, Boolean.TRUE);
                    async.dispatch();
                }
            }, exchange::fail);
        } catch (IOException e) {
            exchange.fail(RequestBody.unreadable());
            return;
        }
        var timeout = timer.schedule(() -> {
            if (reader.abandon()) {
                exchange.problem(new Problem(ProblemType.REQUEST_TIMEOUT, "The request body did not arrive within "
                        + deadline.toSeconds() + " seconds."));
            }
        }, deadline);
        exchange.onEnd(() -> timeout.cancel(false));
        try {
            exchange.request().getInputStream().setReadListener(reader);
        } catch (IOException | IllegalStateException e) {
            if (reader.abandon()) {
                exchange.fail(RequestBody.unreadable());
            }
        }
    }

    /**
     * Maps the request and runs the action.
     *
     * @return false if the mapper declined
     */
    private boolean dispatch(Exchange exchange, CompiledRoute route) {
        RouteAction action;
        try {
            action = route.mapper().map(exchange.context());
            if (action == null) {
                throw new IllegalStateException("the mapper of " + route + " returned null");
            }
        } catch (RuntimeException e) {
            exchange.fail(e);
            return true;
        }
        if (action instanceof RouteAction.Decline) {
            return false;
        }
        if (exchange.headersOnly() && Actions.isUnsafe(action)) {
            exchange.respond(exchange.problemResponse(new Problem(ProblemType.METHOD_NOT_ALLOWED,
                    "HEAD reads only; this resource changes something on " + route.method() + "."))
                    .withHeader("Allow", route.method()));
            return true;
        }
        try {
            actions.run(action, exchange, route);
        } catch (RuntimeException e) {
            exchange.fail(e);
        }
        return true;
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri != null && context != null && uri.startsWith(context)) {
            String path = uri.substring(context.length());
            return path.isEmpty() ? "/" : path;
        }
        String servletPath = Optional.ofNullable(request.getServletPath()).orElse("");
        String path = servletPath + Optional.ofNullable(request.getPathInfo()).orElse("");
        return path.isEmpty() ? "/" : path;
    }
}
