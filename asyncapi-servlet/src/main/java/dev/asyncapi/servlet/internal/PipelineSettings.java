package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;

/**
 * What every part of the pipeline shares, worked out once from the configuration.
 *
 * @param http              the configuration
 * @param owners            names request owners
 * @param origin            builds absolute URIs
 * @param defaults          the renderer and paths of requests no route took
 * @param retryAfterSeconds the {@code Retry-After} value
 * @param writer            writes responses
 * @param timer             deadlines and heartbeats
 */
record PipelineSettings(AsyncJobsHttp http, Owners owners, RequestOrigin origin, RouteDefaults defaults,
                        String retryAfterSeconds, ResponseWriter writer, HttpTimer timer) {

    static PipelineSettings of(AsyncJobsHttp http, HttpTimer timer) {
        String base = http.basePath();
        RouteDefaults defaults = new RouteDefaults(http.defaultRenderer(),
                PathTemplate.parse(base + "/{id}"), PathTemplate.parse(base + "/{id}/result"));
        String retryAfterSeconds = Long.toString(Math.max(1, (http.retryAfter().toMillis() + 999) / 1000));
        return new PipelineSettings(http, new Owners(http.ownerResolver()),
                new RequestOrigin(http.publicBaseUri(), http.trustsForwardedHeaders()), defaults, retryAfterSeconds,
                new ResponseWriter(retryAfterSeconds), timer);
    }

    AsyncJobs jobs() {
        return http.jobs();
    }
}
