package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RequestMapper;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.Route;
import jakarta.servlet.http.HttpServletRequest;

import java.util.function.Predicate;

/**
 * A route ready to match: its templates parsed, its status and result paths resolved (the default routes'
 * when the route sets none), and who may see it (management routes exist only for callers in the role).
 *
 * @param method      the HTTP method
 * @param template    the path template
 * @param mapper      what a matching request means
 * @param renderer    how the answers look
 * @param statusPath  where the route's jobs are polled
 * @param resultPath  where the route's results are read
 * @param eventStream whether a status read may be streamed as Server-Sent Events
 * @param visibleTo   whether the route exists for a request; a hidden route neither matches nor shows in
 *                    {@code Allow}
 */
record CompiledRoute(String method, PathTemplate template, RequestMapper mapper, ResponseRenderer renderer,
                     PathTemplate statusPath, PathTemplate resultPath, boolean eventStream,
                     Predicate<HttpServletRequest> visibleTo) {

    static CompiledRoute of(Route route, PathTemplate defaultStatusPath, PathTemplate defaultResultPath) {
        return new CompiledRoute(route.method(), PathTemplate.parse(route.pathTemplate()), route.mapper(),
                route.renderer(), route.statusPath().map(PathTemplate::parse).orElse(defaultStatusPath),
                route.resultPath().map(PathTemplate::parse).orElse(defaultResultPath), route.streamsEvents(),
                request -> true);
    }

    /** A route of this layer itself, under the base path. */
    static CompiledRoute builtIn(String method, PathTemplate template, RequestMapper mapper, RouteDefaults defaults,
                                 boolean eventStream, Predicate<HttpServletRequest> visibleTo) {
        return new CompiledRoute(method, template, mapper, defaults.renderer(), defaults.statusPath(),
                defaults.resultPath(), eventStream, visibleTo);
    }

    @Override
    public String toString() {
        return "Route[" + method + " " + template + "]";
    }
}
