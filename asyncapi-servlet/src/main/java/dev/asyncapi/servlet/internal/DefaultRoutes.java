package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.servlet.RouteRequest;

import java.util.List;

/**
 * The default routes under the base path: {@code POST {base}/{type}} submits the JSON body,
 * {@code GET {base}/{id}} reads (long-polls, streams) the status, {@code DELETE {base}/{id}} terminates and
 * {@code GET {base}/{id}/result} reads the output.
 */
final class DefaultRoutes {

    private DefaultRoutes() {
    }

    static List<CompiledRoute> of(String base, AsyncJobs jobs, RouteDefaults defaults) {
        PathTemplate byId = defaults.statusPath();
        return List.of(
                CompiledRoute.builtIn("POST", PathTemplate.parse(base + "/{type}"), request -> submit(request, jobs),
                        defaults, false, request -> true),
                CompiledRoute.builtIn("GET", byId, request -> RouteAction.status(request.pathVariable("id")),
                        defaults, true, request -> true),
                CompiledRoute.builtIn("DELETE", byId, request -> RouteAction.terminate(request.pathVariable("id")),
                        defaults, false, request -> true),
                CompiledRoute.builtIn("GET", defaults.resultPath(), request -> RouteAction.result(request.pathVariable("id")),
                        defaults, false, request -> true));
    }

    /** A JSON body for a registered type; the engine parses it, once. */
    private static RouteAction submit(RouteRequest request, AsyncJobs jobs) {
        String type = request.pathVariable("type");
        if (!jobs.isRegistered(type)) {
            throw Actions.unknownType(type);
        }
        if (!ContentTypes.isJsonUtf8(request.servletRequest().getHeader("Content-Type"))) {
            throw new HttpProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the job input as application/json (UTF-8).");
        }
        return RouteAction.submitJson(type, request.bodyText());
    }
}
