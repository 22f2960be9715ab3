package dev.asyncapi.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.time.Duration;

/**
 * What a {@link ResponseRenderer} may need besides the job: absolute URIs built from the request (and from
 * forwarded headers when the proxy is trusted), the route's status and result locations, and the settings.
 *
 * <p>Not thread-safe: use it only during the render call.
 */
public interface RenderContext {

    /**
     * Builds an absolute URI for a path of this web application.
     *
     * @param path a path starting with {@code /}, relative to the context root, e.g. {@code "/api/status/abc"};
     *             written as given (encode it yourself)
     * @return scheme, host, port, context path (and the forwarded prefix when trusted) followed by {@code path}
     * @throws IllegalArgumentException if {@code path} does not start with {@code /} or is not a valid URI path
     */
    URI absoluteUri(String path);

    /**
     * Returns the absolute status URI of a job, from the route's status path (default
     * {@code {base}/{id}}).
     *
     * @param jobId the job id
     * @return the status URI
     */
    URI statusUri(String jobId);

    /**
     * Returns the absolute result URI of a job, from the route's result path (default
     * {@code {base}/{id}/result}).
     *
     * @param jobId the job id
     * @return the result URI
     */
    URI resultUri(String jobId);

    /**
     * Returns the polling interval to advertise in {@code Retry-After}.
     *
     * @return the configured interval (default {@link AsyncJobsHttp#DEFAULT_RETRY_AFTER})
     */
    Duration retryAfter();

    /**
     * Returns {@link #retryAfter()} as the {@code Retry-After} header value: whole seconds, at least 1.
     *
     * @return e.g. {@code "2"}
     */
    String retryAfterSeconds();

    /**
     * Returns the owner the request acts for.
     *
     * @return the owner, never blank
     */
    String owner();

    /**
     * Returns the underlying request.
     *
     * @return the servlet request
     */
    HttpServletRequest servletRequest();
}
