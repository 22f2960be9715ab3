package dev.asyncapi.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * A request that matched a {@link Route}, as a {@link RequestMapper} sees it.
 *
 * <p>Not thread-safe: use it only on the thread that called the mapper.
 */
public interface RouteRequest {

    /**
     * Returns the HTTP method.
     *
     * @return the method in upper case, e.g. {@code "GET"}
     */
    String method();

    /**
     * Returns the request path within the web application (without the context path and query).
     *
     * @return the path, e.g. {@code "/api/status/abc"}
     */
    String path();

    /**
     * Returns a variable of the route's path template, percent-decoded.
     *
     * @param name a variable named in the template, e.g. {@code "id"} for {@code /api/status/{id}}
     * @return its value in this request; never empty
     * @throws IllegalArgumentException if the template has no such variable
     */
    String pathVariable(String name);

    /**
     * Returns the first value of a query parameter, percent-decoded as UTF-8 ({@code +} is a space). The
     * body is never read for parameters.
     *
     * @param name the parameter name
     * @return the value, or empty if absent; a parameter without {@code =} has the value {@code ""}
     */
    Optional<String> queryParameter(String name);

    /**
     * Returns the first value of a request header.
     *
     * @param name the header name, case-insensitive
     * @return the value, or empty if absent
     */
    Optional<String> header(String name);

    /**
     * Returns the request's media type without parameters, in lower case.
     *
     * @return e.g. {@code "application/json"}, or empty if the request has no {@code Content-Type}
     */
    Optional<String> mediaType();

    /**
     * Reads the whole body as UTF-8 text. Reading it twice returns the same text.
     *
     * @return the body; empty text if there is none
     * @throws HttpProblemException with {@link ProblemType#PAYLOAD_TOO_LARGE} if it is longer than the
     *                              configured limit, or {@link ProblemType#INVALID_REQUEST} if it cannot be read
     */
    String bodyText();

    /**
     * Returns the owner the request acts for, as the {@link OwnerResolver} named it.
     *
     * @return the owner, never blank
     */
    String owner();

    /**
     * Returns the underlying servlet request, for what this interface does not cover. Do not read its body
     * directly: use {@link #bodyText()}.
     *
     * @return the servlet request
     */
    HttpServletRequest servletRequest();
}
