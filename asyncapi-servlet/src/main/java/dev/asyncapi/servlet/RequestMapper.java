package dev.asyncapi.servlet;

/**
 * Turns a request that matched a {@link Route} into what to do: submit a job, read a job's status,
 * answer with a rejection, or decline (the request passes on as if no route had matched).
 *
 * <p>A mapper validates the request itself and answers with {@link RouteAction#reject(int, String)} (or
 * {@link RouteAction#problem(Problem)}) for bad input, so a service keeps its own error bodies. Reading the
 * body through {@link RouteRequest#bodyText()} enforces the configured size limit.
 *
 * <p>A mapper only decides; it must not act (no writes, no jobs of its own): the returned action is what the
 * filter carries out, and a declined request continues down the filter chain, possibly after the mapper
 * has read its body, so a declining mapper that consumed the body leaves nothing for the next handler.
 *
 * <p>Implementations must be thread-safe. An unchecked exception other than {@link HttpProblemException}
 * thrown by a mapper is a server fault: it is logged and answered with a {@code 500} problem without details.
 */
@FunctionalInterface
public interface RequestMapper {

    /**
     * Decides what a request means.
     *
     * @param request the request, with the route's path variables
     * @return the action; never null
     * @throws HttpProblemException to answer with a problem
     */
    RouteAction map(RouteRequest request);
}
