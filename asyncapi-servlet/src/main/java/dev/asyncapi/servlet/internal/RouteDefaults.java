package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.ResponseRenderer;

/**
 * What the default routes use, and what answers requests no route took: the default renderer and the
 * default status and result paths ({@code {base}/{id}}, {@code {base}/{id}/result}), which custom routes
 * without their own paths use too.
 *
 * @param renderer   the default renderer
 * @param statusPath where jobs are polled
 * @param resultPath where results are read
 */
record RouteDefaults(ResponseRenderer renderer, PathTemplate statusPath, PathTemplate resultPath) {
}
