package dev.asyncapi.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route of a request: the first visible route whose template matches the path and whose method is
 * the request's ({@code HEAD} also matches {@code GET} routes). A path that matches only other methods is a
 * 405 with {@code Allow}; an unmatched path under the base path is this layer's 404; any other path is not
 * this layer's business.
 */
final class RouteTable {

    /** The outcome of matching. */
    sealed interface Match {
    }

    /** A route takes the request. */
    record Found(CompiledRoute route, Map<String, String> variables) implements Match {
    }

    /** The path is served, but not with this method. */
    record WrongMethod(CompiledRoute first, Set<String> allowed) implements Match {
    }

    /** Under the base path, but nothing is there. */
    record NotFound() implements Match {
    }

    /** Not this layer's path: pass it on. */
    record NotOurs() implements Match {
    }

    private final List<CompiledRoute> routes;
    private final String basePath;

    /**
     * @param routes   in the order tried
     * @param basePath the base path whose unmatched paths are 404s, or null when the default routes are off
     */
    RouteTable(List<CompiledRoute> routes, String basePath) {
        this.routes = List.copyOf(routes);
        this.basePath = basePath;
    }

    Match match(String method, String path, HttpServletRequest request) {
        boolean head = method.equals("HEAD");
        Set<String> allowed = null;
        CompiledRoute first = null;
        Found headAsGet = null;
        for (CompiledRoute route : routes) {
            Map<String, String> variables = route.template().match(path);
            if (variables == null || !route.visibleTo().test(request)) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found(route, variables);
            }
            if (head && headAsGet == null && route.method().equals("GET")) {
                headAsGet = new Found(route, variables);
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
                first = route;
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (headAsGet != null) {
            return headAsGet;
        }
        if (allowed != null) {
            return new WrongMethod(first, allowed);
        }
        if (basePath != null && (path.equals(basePath) || path.startsWith(basePath + "/"))) {
            return new NotFound();
        }
        return new NotOurs();
    }
}
