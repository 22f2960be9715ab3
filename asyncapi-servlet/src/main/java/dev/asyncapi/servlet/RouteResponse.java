package dev.asyncapi.servlet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP answer as a {@link ResponseRenderer} or a {@link RequestMapper} shapes it: status code, headers and
 * an optional body with its content type.
 *
 * <p>Immutable and thread-safe: the {@code with...} methods return a copy. Header names and values are
 * validated, so a value taken from a request cannot split the response.
 *
 * <p>A {@link ResponseRenderer} returns one for each answer it shapes; a {@link RequestMapper} answers with one
 * through {@link RouteAction#respond(RouteResponse)}, and no job is created ({@link RouteAction#reject(int, String)}
 * is the short form of a JSON one). A retired API version that redirects to its successor or is gone:
 *
 * <!-- snippet: servlet-routeresponse-answer -->
 * <pre>{@code
 * RouteResponse moved = RouteResponse.of(308)
 *         .withHeader("Location", "/api/reports")
 *         .withBody("text/plain", "Reports moved to /api/reports");
 * RouteResponse retired = RouteResponse.json(410, "{\"error\": \"Version 0 was retired.\"}");
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
 *         .route("POST", "/api/v1/reports", request -> RouteAction.respond(moved), ResponseRenderer.standard())
 *         .route("POST", "/api/v0/reports", request -> RouteAction.respond(retired), ResponseRenderer.standard())
 *         .build();
 * }</pre>
 */
public final class RouteResponse {

    /** The media type of {@link #json(int, String)}: {@value}. */
    public static final String APPLICATION_JSON = "application/json";
    /** The media type of RFC 9457 problem details: {@value}. */
    public static final String APPLICATION_PROBLEM_JSON = "application/problem+json";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final String contentType;
    private final byte[] body;

    private RouteResponse(int status, List<Map.Entry<String, String>> headers, String contentType, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.contentType = contentType;
        this.body = body;
    }

    /**
     * Creates a response without a body.
     *
     * @param status the status code, 100 to 599
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     */
    public static RouteResponse of(int status) {
        return new RouteResponse(checkStatus(status), List.of(), null, NO_BODY);
    }

    /**
     * Creates an {@code application/json} response whose body is exactly {@code json}, encoded as UTF-8.
     *
     * @param status the status code, 100 to 599
     * @param json   the body, written as given (not checked to be JSON)
     * @return the response
     * @throws IllegalArgumentException if the status is out of range
     * @throws NullPointerException     if {@code json} is null
     */
    public static RouteResponse json(int status, String json) {
        return of(status).withBody(APPLICATION_JSON, json);
    }

    /**
     * Returns a copy with a body.
     *
     * @param contentType the {@code Content-Type}, written as given, e.g. {@code "application/json"}
     * @param body        the body, encoded as UTF-8
     * @return the new response
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code contentType} contains a line break
     */
    public RouteResponse withBody(String contentType, String body) {
        Objects.requireNonNull(body, "body cannot be null");
        return withBody(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a copy with a body.
     *
     * @param contentType the {@code Content-Type}
     * @param body        the bytes, copied
     * @return the new response
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code contentType} contains a line break
     */
    public RouteResponse withBody(String contentType, byte[] body) {
        Objects.requireNonNull(body, "body cannot be null");
        return new RouteResponse(status, headers, checkValue("Content-Type", contentType), body.clone());
    }

    /**
     * Returns a copy with a header set, replacing any earlier value of the same name (case-insensitive).
     *
     * @param name  an HTTP token, not {@code Content-Type} (use {@link #withBody})
     * @param value the value, without line breaks or other control characters
     * @return the new response
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name is not a token or is {@code Content-Type}, or the value
     *                                  contains control characters
     */
    public RouteResponse withHeader(String name, String value) {
        Objects.requireNonNull(name, "header name cannot be null");
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("header name must be an HTTP token, but was: '" + name + "'");
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            throw new IllegalArgumentException("set Content-Type with withBody(contentType, body)");
        }
        checkValue(name, value);
        List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size() + 1);
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                copy.add(h);
            }
        }
        copy.add(Map.entry(name, value));
        return new RouteResponse(status, Collections.unmodifiableList(copy), contentType, body);
    }

    /**
     * Returns a copy with another status code.
     *
     * @param status the status code, 100 to 599
     * @return the new response
     * @throws IllegalArgumentException if the status is out of range
     */
    public RouteResponse withStatus(int status) {
        return new RouteResponse(checkStatus(status), headers, contentType, body);
    }

    /** @return the status code */
    public int status() {
        return status;
    }

    /** @return the headers in the order set, each name once; unmodifiable */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * Returns a header's value.
     *
     * @param name the name, case-insensitive
     * @return the value, or empty if not set
     */
    public Optional<String> header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue).findFirst();
    }

    /** @return the content type, or empty if there is no body */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** @return a copy of the body; empty if none */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RouteResponse[status=" + status + ", headers=" + headers + ", contentType=" + contentType
                + ", body=" + body.length + " bytes]";
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100 to 599, but was " + status);
        }
        return status;
    }

    private static String checkValue(String name, String value) {
        Objects.requireNonNull(value, name + " value cannot be null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException(name + " value must not contain control characters");
            }
        }
        return value;
    }
}
