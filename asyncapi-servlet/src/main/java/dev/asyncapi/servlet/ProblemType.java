package dev.asyncapi.servlet;

import java.net.URI;

/**
 * The conditions the HTTP layer answers with an RFC 9457 problem, each with a stable {@code type} URI,
 * a title and an HTTP status. The URIs are part of the contract: clients may switch on them.
 */
public enum ProblemType {
    /** No job with that id is visible to the caller: unknown, malformed, or another principal's. 404. */
    JOB_NOT_FOUND("job-not-found", "Job not found", 404),
    /** The path is under the base path but names no resource (or management is off). 404. */
    RESOURCE_NOT_FOUND("not-found", "Resource not found", 404),
    /** No handler is registered for the job type in the path. 404. */
    UNKNOWN_JOB_TYPE("unknown-job-type", "Unknown job type", 404),
    /** The job exists but has no result: it is not Completed. 404. */
    RESULT_NOT_AVAILABLE("result-not-available", "Result not available", 404),
    /** The body is not well-formed JSON. 400. */
    MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
    /** The body is JSON but does not fit the job type's input. 400. */
    INVALID_INPUT("invalid-input", "Invalid job input", 400),
    /** A header, query parameter or path is unusable (for example {@code wait=abc}). 400. */
    INVALID_REQUEST("invalid-request", "Invalid request", 400),
    /** The method is not supported on this resource; the answer carries {@code Allow}. 405. */
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    /**
     * A dashboard action came without the page's anti-forgery token or from another site (its {@code Origin}
     * or {@code Sec-Fetch-Site}); nothing was changed. 403.
     */
    FORBIDDEN("forbidden", "Forbidden", 403),
    /** The request body did not arrive within the configured body timeout; nothing was submitted. 408. */
    REQUEST_TIMEOUT("request-timeout", "Request timeout", 408),
    /** The job is already Completed, Failed or Terminated. 409. */
    JOB_ALREADY_TERMINAL("job-already-terminal", "Job already terminal", 409),
    /**
     * The body is longer than the configured limit, or the store cannot hold it; or, for a terminate, the job is at
     * its store's size limit already, so its termination cannot be recorded (it is not terminated). 413.
     */
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    /** The body is not {@code application/json} (or a {@code +json} type) in UTF-8. 415. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    /** The idempotency key was already used with another job type or payload. 422. */
    IDEMPOTENCY_CONFLICT("idempotency-conflict", "Idempotency key reused with a different request", 422),
    /** The engine is saturated or shutting down; nothing was stored. 503 with {@code Retry-After}. */
    SERVICE_SATURATED("saturated", "Service saturated", 503),
    /** The job store cannot be reached. 503 with {@code Retry-After}. */
    STORE_UNAVAILABLE("store-unavailable", "Job store unavailable", 503),
    /** A fault of the server; details are logged, never sent. 500. */
    INTERNAL_ERROR("internal-error", "Internal server error", 500);

    /** The prefix of every problem type URI: {@value}. */
    public static final String BASE_URI = "https://asyncapi.dev/problems/";

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(BASE_URI + slug);
        this.title = title;
        this.status = status;
    }

    /**
     * Returns the stable {@code type} URI.
     *
     * @return e.g. {@code https://asyncapi.dev/problems/job-not-found}
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns the short, human-readable summary that does not change between occurrences.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * Returns the HTTP status code of this condition.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }
}
