package dev.asyncapi.servlet;

import dev.asyncapi.servlet.internal.PathTemplate;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A custom route: an HTTP method and a path template, a {@link RequestMapper} that decides what a matching
 * request means, and a {@link ResponseRenderer} that shapes the answers. Immutable and thread-safe.
 *
 * <p>Path templates are relative to the web application's context root; each {@code {name}} variable stands
 * for one whole path segment, e.g. {@code /api/status/{id}}. Custom routes are tried before the default
 * routes, in the order added. A path that matches a template but not its method is answered {@code 405}
 * with {@code Allow}.
 *
 * <p>A service that keeps its own URLs for the whole life of a job: the submit route's
 * {@linkplain Builder#statusPath status path} puts the service's status URL in the {@code Location} of the
 * {@code 202}, and the status route's {@linkplain Builder#resultPath result path} puts its result URL in the
 * {@code 303} that {@link ResponseRenderer#seeOtherWhenCompleted()} answers once the job is Completed:
 *
 * <!-- snippet: servlet-route-own-urls -->
 * <pre>{@code
 * Route submit = Route.builder("POST", "/api/reports")
 *         .mapper(request -> RouteAction.submitJson("report", request.bodyText()))
 *         .statusPath("/api/reports/{id}")                   // the Location of the 202
 *         .build();
 * Route status = Route.builder("GET", "/api/reports/{id}")
 *         .mapper(request -> RouteAction.status(request.pathVariable("id")))
 *         .renderer(ResponseRenderer.seeOtherWhenCompleted())
 *         .resultPath("/api/reports/{id}/file")              // where the 303 points once Completed
 *         .build();
 * Route file = Route.of("GET", "/api/reports/{id}/file",
 *         request -> RouteAction.result(request.pathVariable("id")), ResponseRenderer.standard());
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).route(submit).route(status).route(file).build();
 * }</pre>
 *
 * <p>The {@linkplain dev.asyncapi.servlet package overview} shows how to mount {@code http}.
 */
public final class Route {

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private final String method;
    private final PathTemplate template;
    private final RequestMapper mapper;
    private final ResponseRenderer renderer;
    private final PathTemplate statusPath;
    private final PathTemplate resultPath;
    private final boolean eventStream;

    private Route(Builder b) {
        this.method = b.method;
        this.template = b.template;
        this.mapper = Objects.requireNonNull(b.mapper, "mapper must be set for route " + b.method + " " + b.template);
        this.renderer = b.renderer != null ? b.renderer : ResponseRenderer.standard();
        this.statusPath = b.statusPath;
        this.resultPath = b.resultPath;
        this.eventStream = b.eventStream;
    }

    /**
     * Starts a route builder.
     *
     * @param method       the HTTP method, e.g. {@code "GET"} (upper-cased)
     * @param pathTemplate the path template, e.g. {@code "/api/status/{id}"}
     * @return a new builder
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the method is not 1 to 16 letters, or the template is malformed
     */
    public static Builder builder(String method, String pathTemplate) {
        return new Builder(method, pathTemplate);
    }

    /**
     * Creates a route with the default status and result paths.
     *
     * @param method       the HTTP method
     * @param pathTemplate the path template
     * @param mapper       the request mapper
     * @param renderer     the response renderer
     * @return the route
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the method or template is malformed
     */
    public static Route of(String method, String pathTemplate, RequestMapper mapper, ResponseRenderer renderer) {
        return builder(method, pathTemplate).mapper(mapper).renderer(renderer).build();
    }

    /** @return the HTTP method, upper case */
    public String method() {
        return method;
    }

    /** @return the path template as given */
    public String pathTemplate() {
        return template.text();
    }

    /** @return the request mapper */
    public RequestMapper mapper() {
        return mapper;
    }

    /** @return the response renderer */
    public ResponseRenderer renderer() {
        return renderer;
    }

    /** @return the status path template, if set; otherwise the default routes' {@code {base}/{id}} applies */
    public Optional<String> statusPath() {
        return Optional.ofNullable(statusPath).map(PathTemplate::text);
    }

    /** @return the result path template, if set; otherwise {@code {base}/{id}/result} applies */
    public Optional<String> resultPath() {
        return Optional.ofNullable(resultPath).map(PathTemplate::text);
    }

    /**
     * Returns whether a {@link RouteAction.Status} of this route streams the job as Server-Sent Events when the
     * request accepts {@code text/event-stream}.
     *
     * @return whether it streams; default {@code false} for custom routes, {@code true} for the default routes
     */
    public boolean streamsEvents() {
        return eventStream;
    }

    @Override
    public String toString() {
        return "Route[" + method + " " + template + "]";
    }

    /** Builds a {@link Route}. Not thread-safe; every setting may be made once. */
    public static final class Builder {
        private final String method;
        private final PathTemplate template;
        private RequestMapper mapper;
        private ResponseRenderer renderer;
        private PathTemplate statusPath;
        private PathTemplate resultPath;
        private boolean eventStream;

        private Builder(String method, String pathTemplate) {
            Objects.requireNonNull(method, "method cannot be null");
            String upper = method.toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(upper).matches()) {
                throw new IllegalArgumentException("method must be 1 to 16 letters, but was: '" + method + "'");
            }
            this.method = upper;
            this.template = PathTemplate.parse(pathTemplate);
        }

        /**
         * Sets the request mapper. Required.
         *
         * @param mapper the mapper
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if already set
         */
        public Builder mapper(RequestMapper mapper) {
            Objects.requireNonNull(mapper, "mapper cannot be null");
            if (this.mapper != null) {
                throw new IllegalStateException("mapper was already set to " + this.mapper);
            }
            this.mapper = mapper;
            return this;
        }

        /**
         * Sets the response renderer.
         *
         * @param renderer the renderer; default {@link ResponseRenderer#standard()}
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if already set
         */
        public Builder renderer(ResponseRenderer renderer) {
            Objects.requireNonNull(renderer, "renderer cannot be null");
            if (this.renderer != null) {
                throw new IllegalStateException("renderer was already set to " + this.renderer);
            }
            this.renderer = renderer;
            return this;
        }

        /**
         * Sets where this route's jobs can be polled, for {@link RenderContext#statusUri(String)}.
         *
         * @param template a path template with an {@code {id}} variable, e.g. {@code "/api/status/{id}"};
         *                 default the default routes' {@code {base}/{id}}
         * @return this builder
         * @throws IllegalArgumentException if malformed or without {@code {id}}
         * @throws IllegalStateException    if already set
         */
        public Builder statusPath(String template) {
            if (statusPath != null) {
                throw new IllegalStateException("statusPath was already set to " + statusPath);
            }
            this.statusPath = idTemplate(template, "statusPath");
            return this;
        }

        /**
         * Sets where this route's results can be read, for {@link RenderContext#resultUri(String)}.
         *
         * @param template a path template with an {@code {id}} variable; default {@code {base}/{id}/result}
         * @return this builder
         * @throws IllegalArgumentException if malformed or without {@code {id}}
         * @throws IllegalStateException    if already set
         */
        public Builder resultPath(String template) {
            if (resultPath != null) {
                throw new IllegalStateException("resultPath was already set to " + resultPath);
            }
            this.resultPath = idTemplate(template, "resultPath");
            return this;
        }

        /**
         * Streams the job as Server-Sent Events when a request that this route maps to a
         * {@link RouteAction.Status} sends {@code Accept: text/event-stream}: a {@code status} event at once,
         * {@code progress} events as the handler reports progress, and a final {@code done} event with the
         * terminal status, after which the stream ends. Without this, such a request gets the ordinary status
         * answer.
         *
         * @return this builder
         * @throws IllegalStateException if already called
         */
        public Builder eventStream() {
            if (eventStream) {
                throw new IllegalStateException("eventStream() was already called");
            }
            this.eventStream = true;
            return this;
        }

        /**
         * Builds the route.
         *
         * @return the route
         * @throws NullPointerException if no mapper was set
         */
        public Route build() {
            return new Route(this);
        }

        private static PathTemplate idTemplate(String template, String what) {
            PathTemplate parsed = PathTemplate.parse(template);
            if (!parsed.hasVariable("id")) {
                throw new IllegalArgumentException(what + " must contain {id}, but was: '" + template + "'");
            }
            return parsed;
        }
    }
}
