package dev.asyncapi.client;

import java.net.URI;
import java.util.Objects;

/**
 * An RFC 9457 problem as the server answered it: the members the asyncapi contract always sends. A member the
 * answer lacked takes the RFC's default ({@code about:blank} for {@code type}, the HTTP status for
 * {@code status}, an empty {@code title} or {@code detail}); an error answer that was not a problem at all is
 * represented with {@code about:blank} and a detail describing what came instead.
 *
 * @param type   the problem type URI, e.g. {@code https://asyncapi.dev/problems/job-not-found}
 * @param title  the short summary of the problem type
 * @param status the HTTP status code
 * @param detail the explanation of this occurrence, meant for the caller
 */
public record Problem(URI type, String title, int status, String detail) {

    /** The {@code type} of a problem that names none (RFC 9457). */
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    /** The prefix of the asyncapi contract's problem type URIs: {@value}. */
    public static final String ASYNCAPI_TYPE_PREFIX = "https://asyncapi.dev/problems/";

    /**
     * Validates the components.
     *
     * @param type   the problem type URI
     * @param title  the title
     * @param status the HTTP status code, 100 to 599
     * @param detail the detail
     * @throws NullPointerException     if {@code type}, {@code title} or {@code detail} is null
     * @throws IllegalArgumentException if {@code status} is not an HTTP status code
     */
    public Problem {
        Objects.requireNonNull(type, "type cannot be null");
        Objects.requireNonNull(title, "title cannot be null");
        Objects.requireNonNull(detail, "detail cannot be null");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status code, was " + status);
        }
    }

    /**
     * Returns whether this problem has one of the asyncapi contract's types.
     *
     * @param slug the last segment of the type URI, e.g. {@code job-not-found}
     * @return true if {@code type} is {@value #ASYNCAPI_TYPE_PREFIX} followed by {@code slug}
     */
    public boolean hasType(String slug) {
        return type.toString().equals(ASYNCAPI_TYPE_PREFIX + slug);
    }
}
