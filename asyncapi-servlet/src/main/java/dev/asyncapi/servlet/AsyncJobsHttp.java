package dev.asyncapi.servlet;

import dev.asyncapi.core.AsyncJobs;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The HTTP contract over an {@link AsyncJobs} engine, as served by {@link AsyncJobsFilter} and
 * {@link AsyncJobsServlet}: the default routes under a base path, custom {@link Route}s, and the settings.
 *
 * <p>Default routes under the base path ({@value #DEFAULT_BASE_PATH} unless set):
 * {@code POST {base}/{type}} submits, {@code GET {base}/{id}} reads the status ({@code ?wait=N} long-polls),
 * {@code DELETE {base}/{id}} requests termination, {@code GET {base}/{id}/result} reads a Completed job's output;
 * with management enabled, {@code GET {base}} lists jobs and {@code DELETE {base}} purges them, and with the
 * dashboard enabled too, {@code GET {base}/_dashboard} serves the operator dashboard (see {@link #DASHBOARD_PATH}).
 * {@code GET {base}/{id}} with {@code Accept: text/event-stream} streams the job as Server-Sent Events.
 *
 * <p>Pure configuration: immutable and thread-safe once built. {@link AsyncJobsFilter} and {@link AsyncJobsServlet}
 * serve it.
 */
public final class AsyncJobsHttp {

    /** Default base path of the default routes: {@value}. */
    public static final String DEFAULT_BASE_PATH = "/jobs";
    /** Default largest request body: {@value} bytes (1 MiB). */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Default cap of {@code ?wait=N} and {@code Prefer: wait=N}: 60 seconds. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    /** Default polling interval advertised in {@code Retry-After}: 2 seconds. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);
    /** Default time a client has to send a whole request body: 30 seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** Default interval of the comment lines that keep an idle event stream open: 15 seconds. */
    public static final Duration DEFAULT_EVENT_HEARTBEAT = Duration.ofSeconds(15);

    /** Init-param: the {@link ServletContext} attribute holding the {@link AsyncJobs}; default {@link #DEFAULT_JOBS_ATTRIBUTE}. */
    public static final String PARAM_JOBS_ATTRIBUTE = "jobs-attribute";
    /** The default {@link ServletContext} attribute name holding the engine: the class name of {@link AsyncJobs}. */
    public static final String DEFAULT_JOBS_ATTRIBUTE = AsyncJobs.class.getName();
    /** Init-param: the base path, as {@link Builder#basePath}. */
    public static final String PARAM_BASE_PATH = "base-path";
    /** Init-param: the body limit in bytes, as {@link Builder#maxBodyBytes}. */
    public static final String PARAM_MAX_BODY_BYTES = "max-body-bytes";
    /** Init-param: the wait cap in seconds, as {@link Builder#maxWait}. */
    public static final String PARAM_MAX_WAIT_SECONDS = "max-wait-seconds";
    /** Init-param: the {@code Retry-After} interval in seconds, as {@link Builder#retryAfter}. */
    public static final String PARAM_RETRY_AFTER_SECONDS = "retry-after-seconds";
    /** Init-param: {@code true} to trust forwarded headers, as {@link Builder#trustForwardedHeaders}. */
    public static final String PARAM_TRUST_FORWARDED_HEADERS = "trust-forwarded-headers";
    /** Init-param: the role that enables management, as {@link Builder#enableManagement}. */
    public static final String PARAM_MANAGEMENT_ROLE = "management-role";
    /** Init-param: the default routes' renderer: {@code standard}, {@code azure-lro} or {@code see-other}. */
    public static final String PARAM_PROFILE = "profile";
    /** Init-param: the public base URI, as {@link Builder#publicBaseUri}. */
    public static final String PARAM_PUBLIC_BASE_URI = "public-base-uri";
    /** Init-param: {@code true} to serve the operator dashboard, as {@link Builder#enableDashboard}. */
    public static final String PARAM_DASHBOARD = "dashboard";
    /** Init-param: {@code true} to show job input in the dashboard, as {@link Builder#showInputInDashboard}. */
    public static final String PARAM_DASHBOARD_SHOWS_INPUT = "dashboard-shows-input";
    /**
     * Where the operator dashboard is served, relative to the base path: {@value}. Its page is
     * {@code {base}/_dashboard}, its assets and data endpoints are below it.
     */
    public static final String DASHBOARD_PATH = "/_dashboard";
    /** Init-param: the body deadline in seconds, as {@link Builder#bodyTimeout}. */
    public static final String PARAM_BODY_TIMEOUT_SECONDS = "body-timeout-seconds";
    /** Init-param: the event-stream heartbeat in seconds, as {@link Builder#eventHeartbeat}. */
    public static final String PARAM_EVENT_HEARTBEAT_SECONDS = "event-heartbeat-seconds";

    /**
     * The request header of a submit that asks for a completion callback: {@value}. Its value is the absolute URL
     * to POST the job's completion event to; refused with {@code 400} unless callbacks are enabled with
     * {@link Builder#callbacks(CallbackPolicy)} and the policy accepts the URL.
     */
    public static final String CALLBACK_HEADER = "Callback-URL";

    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

    private final AsyncJobs jobs;
    private final String basePath;
    private final boolean defaultRoutes;
    private final ResponseRenderer defaultRenderer;
    private final List<Route> customRoutes;
    private final OwnerResolver ownerResolver;
    private final long maxBodyBytes;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final boolean trustForwardedHeaders;
    private final String managementRole;
    private final URI publicBaseUri;
    private final Duration bodyTimeout;
    private final Duration eventHeartbeat;
    private final CallbackPolicy callbackPolicy;
    private final boolean dashboard;
    private final boolean dashboardShowsInput;

    private AsyncJobsHttp(Builder b) {
        this.jobs = b.jobs;
        this.basePath = b.basePath != null ? b.basePath : DEFAULT_BASE_PATH;
        this.defaultRoutes = b.defaultRoutes;
        this.defaultRenderer = b.defaultRenderer != null ? b.defaultRenderer : ResponseRenderer.standard();
        this.customRoutes = Collections.unmodifiableList(new ArrayList<>(b.routes));
        this.ownerResolver = b.ownerResolver != null ? b.ownerResolver : OwnerResolver.principalOrAnonymous();
        this.maxBodyBytes = b.maxBodyBytes != null ? b.maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        this.maxWait = b.maxWait != null ? b.maxWait : DEFAULT_MAX_WAIT;
        this.retryAfter = b.retryAfter != null ? b.retryAfter : DEFAULT_RETRY_AFTER;
        this.trustForwardedHeaders = b.trustForwardedHeaders != null && b.trustForwardedHeaders;
        this.managementRole = b.managementRole;
        this.publicBaseUri = b.publicBaseUri;
        this.bodyTimeout = b.bodyTimeout != null ? b.bodyTimeout : DEFAULT_BODY_TIMEOUT;
        this.eventHeartbeat = b.eventHeartbeat != null ? b.eventHeartbeat : DEFAULT_EVENT_HEARTBEAT;
        this.callbackPolicy = b.callbackPolicy;
        this.dashboard = Boolean.TRUE.equals(b.dashboard);
        this.dashboardShowsInput = Boolean.TRUE.equals(b.dashboardShowsInput);
    }

    /**
     * Starts a builder.
     *
     * @param jobs the engine to serve
     * @return a new builder
     * @throws NullPointerException if {@code jobs} is null
     */
    public static Builder builder(AsyncJobs jobs) {
        return new Builder(jobs);
    }

    /** @return the engine */
    public AsyncJobs jobs() {
        return jobs;
    }

    /** @return the base path of the default routes */
    public String basePath() {
        return basePath;
    }

    /** @return whether the default routes are served */
    public boolean defaultRoutesEnabled() {
        return defaultRoutes;
    }

    /** @return the renderer of the default routes */
    public ResponseRenderer defaultRenderer() {
        return defaultRenderer;
    }

    /** @return the custom routes in the order they are tried; unmodifiable */
    public List<Route> routes() {
        return customRoutes;
    }

    /** @return the owner resolver */
    public OwnerResolver ownerResolver() {
        return ownerResolver;
    }

    /** @return the policy that checks {@value #CALLBACK_HEADER} URLs, empty when callbacks are off (the default) */
    public Optional<CallbackPolicy> callbackPolicy() {
        return Optional.ofNullable(callbackPolicy);
    }

    /** @return the largest request body in bytes */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return the cap of {@code ?wait=N} and {@code Prefer: wait=N} */
    public Duration maxWait() {
        return maxWait;
    }

    /** @return the polling interval advertised in {@code Retry-After} */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @return whether forwarded headers are honoured */
    public boolean trustsForwardedHeaders() {
        return trustForwardedHeaders;
    }

    /** @return the role management requires, or empty if management is off */
    public Optional<String> managementRole() {
        return Optional.ofNullable(managementRole);
    }

    /** @return the public base URI that absolute URIs start with, or empty to build them from the request */
    public Optional<URI> publicBaseUri() {
        return Optional.ofNullable(publicBaseUri);
    }

    /** @return how long a client may take to send a request body before it is answered {@code 408} */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** @return how often an idle event stream gets a comment line, so proxies keep it open */
    public Duration eventHeartbeat() {
        return eventHeartbeat;
    }

    /** @return whether the operator dashboard is served (only ever with management on) */
    public boolean dashboardEnabled() {
        return dashboard;
    }

    /** @return whether the dashboard shows a job's input in its detail view */
    public boolean dashboardShowsInput() {
        return dashboardShowsInput;
    }

    /**
     * Builds the configuration from init-params (web.xml or a {@code FilterRegistrationBean}), finding the
     * engine in a {@link ServletContext} attribute.
     */
    static AsyncJobsHttp fromInitParameters(ServletContext context, UnaryOperator<String> param)
            throws ServletException {
        String attribute = Optional.ofNullable(param.apply(PARAM_JOBS_ATTRIBUTE)).orElse(DEFAULT_JOBS_ATTRIBUTE);
        Object value = context.getAttribute(attribute);
        if (!(value instanceof AsyncJobs jobs)) {
            throw new ServletException("the servlet context attribute '" + attribute + "' must hold an "
                    + AsyncJobs.class.getName() + ", but held " + (value == null ? "nothing" : value.getClass().getName())
                    + "; set it (e.g. in a ServletContextListener) before the filter or servlet starts");
        }
        try {
            Builder b = builder(jobs);
            Optional.ofNullable(param.apply(PARAM_BASE_PATH)).ifPresent(b::basePath);
            Optional.ofNullable(param.apply(PARAM_MAX_BODY_BYTES)).ifPresent(v -> b.maxBodyBytes(parseLong(PARAM_MAX_BODY_BYTES, v)));
            Optional.ofNullable(param.apply(PARAM_MAX_WAIT_SECONDS))
                    .ifPresent(v -> b.maxWait(Duration.ofSeconds(parseLong(PARAM_MAX_WAIT_SECONDS, v))));
            Optional.ofNullable(param.apply(PARAM_RETRY_AFTER_SECONDS))
                    .ifPresent(v -> b.retryAfter(Duration.ofSeconds(parseLong(PARAM_RETRY_AFTER_SECONDS, v))));
            Optional.ofNullable(param.apply(PARAM_TRUST_FORWARDED_HEADERS))
                    .ifPresent(v -> b.trustForwardedHeaders(parseBoolean(PARAM_TRUST_FORWARDED_HEADERS, v)));
            Optional.ofNullable(param.apply(PARAM_MANAGEMENT_ROLE)).ifPresent(b::enableManagement);
            Optional.ofNullable(param.apply(PARAM_PROFILE)).ifPresent(v -> b.defaultRenderer(profile(v)));
            Optional.ofNullable(param.apply(PARAM_PUBLIC_BASE_URI)).ifPresent(v -> b.publicBaseUri(uri(v)));
            Optional.ofNullable(param.apply(PARAM_BODY_TIMEOUT_SECONDS))
                    .ifPresent(v -> b.bodyTimeout(Duration.ofSeconds(parseLong(PARAM_BODY_TIMEOUT_SECONDS, v))));
            Optional.ofNullable(param.apply(PARAM_EVENT_HEARTBEAT_SECONDS))
                    .ifPresent(v -> b.eventHeartbeat(Duration.ofSeconds(parseLong(PARAM_EVENT_HEARTBEAT_SECONDS, v))));
            if (Optional.ofNullable(param.apply(PARAM_DASHBOARD)).map(v -> parseBoolean(PARAM_DASHBOARD, v)).orElse(false)) {
                b.enableDashboard();
            }
            if (Optional.ofNullable(param.apply(PARAM_DASHBOARD_SHOWS_INPUT))
                    .map(v -> parseBoolean(PARAM_DASHBOARD_SHOWS_INPUT, v)).orElse(false)) {
                b.showInputInDashboard();
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid init-param: " + e.getMessage(), e);
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, but was: '" + value + "'", e);
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PARAM_PUBLIC_BASE_URI + " must be an absolute http or https URI, but was: '"
                    + value + "'", e);
        }
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, but was: '" + value + "'");
        };
    }

    private static ResponseRenderer profile(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "standard" -> ResponseRenderer.standard();
            case "azure-lro" -> ResponseRenderer.azureLongRunningOperation();
            case "see-other" -> ResponseRenderer.seeOtherWhenCompleted();
            default -> throw new IllegalArgumentException(PARAM_PROFILE
                    + " must be standard, azure-lro or see-other, but was: '" + value + "'");
        };
    }

    /**
     * Builds {@link AsyncJobsHttp}. Not thread-safe. Every setting is validated when set and may be made once
     * (routes may be added many times).
     */
    public static final class Builder {
        private final AsyncJobs jobs;
        private final List<Route> routes = new ArrayList<>();
        private String basePath;
        private boolean defaultRoutes = true;
        private boolean defaultRoutesSet;
        private ResponseRenderer defaultRenderer;
        private OwnerResolver ownerResolver;
        private Long maxBodyBytes;
        private Duration maxWait;
        private Duration retryAfter;
        private Boolean trustForwardedHeaders;
        private String managementRole;
        private URI publicBaseUri;
        private Duration bodyTimeout;
        private Duration eventHeartbeat;
        private CallbackPolicy callbackPolicy;
        private Boolean dashboard;
        private Boolean dashboardShowsInput;

        private Builder(AsyncJobs jobs) {
            this.jobs = Objects.requireNonNull(jobs, "jobs cannot be null");
        }

        /**
         * Sets the base path of the default routes.
         *
         * @param basePath a path relative to the context root such as {@code /jobs} or {@code /api/v1/jobs};
         *                 no trailing slash; default {@value AsyncJobsHttp#DEFAULT_BASE_PATH}
         * @return this builder
         * @throws IllegalArgumentException if malformed
         * @throws IllegalStateException    if already set
         */
        public Builder basePath(String basePath) {
            Objects.requireNonNull(basePath, "basePath cannot be null");
            if (!BASE_PATH.matcher(basePath).matches() || basePath.contains("/./") || basePath.contains("/../")
                    || basePath.endsWith("/.") || basePath.endsWith("/..")) {
                throw new IllegalArgumentException("basePath must be '/' followed by segments of unreserved URI"
                        + " characters, without a trailing slash, but was: '" + basePath + "'");
            }
            this.basePath = once(this.basePath, basePath, "basePath");
            return this;
        }

        /**
         * Serves only the custom routes: no submit, status, termination, result or management routes under
         * the base path.
         *
         * @return this builder
         * @throws IllegalStateException if already called
         */
        public Builder withoutDefaultRoutes() {
            if (defaultRoutesSet) {
                throw new IllegalStateException("withoutDefaultRoutes() was already called");
            }
            defaultRoutesSet = true;
            defaultRoutes = false;
            return this;
        }

        /**
         * Sets the renderer of the default routes: how an interoperability profile is switched on.
         *
         * @param renderer e.g. {@link ResponseRenderer#azureLongRunningOperation()}; default
         *                 {@link ResponseRenderer#standard()}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder defaultRenderer(ResponseRenderer renderer) {
            this.defaultRenderer = once(this.defaultRenderer, Objects.requireNonNull(renderer, "renderer cannot be null"),
                    "defaultRenderer");
            return this;
        }

        /**
         * Adds a custom route. Routes are tried in the order added, before the default routes.
         *
         * @param route the route
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if a route with the same method and template was already added
         */
        public Builder route(Route route) {
            Objects.requireNonNull(route, "route cannot be null");
            for (Route r : routes) {
                if (r.method().equals(route.method()) && r.pathTemplate().equals(route.pathTemplate())) {
                    throw new IllegalStateException("a route " + route.method() + " " + route.pathTemplate()
                            + " was already added");
                }
            }
            routes.add(route);
            return this;
        }

        /**
         * Adds a custom route with the default status and result paths.
         *
         * @param method       the HTTP method, e.g. {@code "GET"}
         * @param pathTemplate the path template, e.g. {@code "/api/status/{id}"}
         * @param mapper       what a matching request means
         * @param renderer     how the answers look
         * @return this builder
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if the method or template is malformed
         * @throws IllegalStateException    if the same method and template were already added
         * @see Route#builder(String, String) to set the status and result paths
         */
        public Builder route(String method, String pathTemplate, RequestMapper mapper, ResponseRenderer renderer) {
            return route(Route.of(method, pathTemplate, mapper, renderer));
        }

        /**
         * Sets how requests are bound to owners.
         *
         * @param resolver the resolver; default {@link OwnerResolver#principalOrAnonymous()}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder ownerResolver(OwnerResolver resolver) {
            this.ownerResolver = once(this.ownerResolver, Objects.requireNonNull(resolver, "ownerResolver cannot be null"),
                    "ownerResolver");
            return this;
        }

        /**
         * Sets the largest request body; a longer one is answered {@code 413} before it is read.
         *
         * @param bytes 1 to 2^31-1; default {@value AsyncJobsHttp#DEFAULT_MAX_BODY_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxBodyBytes must be 1 to " + Integer.MAX_VALUE + ", but was " + bytes);
            }
            this.maxBodyBytes = once(this.maxBodyBytes, bytes, "maxBodyBytes");
            return this;
        }

        /**
         * Caps {@code ?wait=N} and {@code Prefer: wait=N}; longer waits are shortened to this.
         *
         * @param maxWait 0 to 1 hour; default 60 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait cannot be null");
            if (maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("maxWait must be 0 to 1 hour, but was " + maxWait);
            }
            this.maxWait = once(this.maxWait, maxWait, "maxWait");
            return this;
        }

        /**
         * Sets the polling interval advertised in {@code Retry-After} (rounded up to whole seconds).
         *
         * @param retryAfter 1 s to 1 day; default 2 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder retryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
            if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0 || retryAfter.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("retryAfter must be 1 s to 1 day, but was " + retryAfter);
            }
            this.retryAfter = once(this.retryAfter, retryAfter, "retryAfter");
            return this;
        }

        /**
         * Honours {@code Forwarded} (RFC 7239) and {@code X-Forwarded-Proto/Host/Prefix} when building absolute
         * URIs. Turn on only behind a proxy that sets or strips these headers: otherwise any client can steer
         * the {@code Location} it is sent.
         *
         * @param trust whether to trust them; default {@code false}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder trustForwardedHeaders(boolean trust) {
            this.trustForwardedHeaders = once(this.trustForwardedHeaders, trust, "trustForwardedHeaders");
            return this;
        }

        /**
         * Enables management: {@code GET {base}} lists and {@code DELETE {base}} purges jobs of every owner,
         * for callers in the role ({@code HttpServletRequest.isUserInRole}). Others, and everyone when
         * management is off (the default), get {@code 404}.
         *
         * @param role the required role; not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException    if already set
         */
        public Builder enableManagement(String role) {
            Objects.requireNonNull(role, "role cannot be null");
            if (role.isBlank()) {
                throw new IllegalArgumentException("management role must not be blank");
            }
            this.managementRole = once(this.managementRole, role, "managementRole");
            return this;
        }

        /**
         * Sets the base URI that clients reach this web application's context root at, for the {@code Location},
         * {@code statusUri} and other absolute URIs: they become this URI followed by the path within the
         * application. Set it when the service sits behind a gateway or load balancer that does not pass the
         * public host on, or to stop a client's {@code Host} header from choosing the host of the URIs it is
         * sent. Without it, URIs are built from the request (and from forwarded headers when trusted).
         *
         * @param uri an absolute {@code http} or {@code https} URI without query, fragment or user info, e.g.
         *            {@code https://api.example.com/orders}; a trailing slash is dropped; default none
         * @return this builder
         * @throws IllegalArgumentException if not such a URI
         * @throws IllegalStateException    if already set
         */
        public Builder publicBaseUri(URI uri) {
            Objects.requireNonNull(uri, "publicBaseUri cannot be null");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("publicBaseUri must be an absolute http or https URI with a host"
                        + " and without query, fragment or user info, but was: '" + uri + "'");
            }
            String text = uri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            this.publicBaseUri = once(this.publicBaseUri, URI.create(text), "publicBaseUri");
            return this;
        }

        /**
         * Sets how long a client may take to send a whole request body. Bodies are read without holding a
         * thread; a client still sending when the time is up is answered {@code 408} and nothing is submitted.
         *
         * @param timeout 1 s to 1 hour; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder bodyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "bodyTimeout cannot be null");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("bodyTimeout must be 1 s to 1 hour, but was " + timeout);
            }
            this.bodyTimeout = once(this.bodyTimeout, timeout, "bodyTimeout");
            return this;
        }

        /**
         * Sets how often an event stream with nothing to say gets a comment line, so proxies and load
         * balancers do not close it as idle.
         *
         * @param interval 1 s to 10 minutes; default 15 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder eventHeartbeat(Duration interval) {
            Objects.requireNonNull(interval, "eventHeartbeat cannot be null");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("eventHeartbeat must be 1 s to 10 minutes, but was " + interval);
            }
            this.eventHeartbeat = once(this.eventHeartbeat, interval, "eventHeartbeat");
            return this;
        }

        /**
         * Enables completion callbacks: a submit may carry a {@value AsyncJobsHttp#CALLBACK_HEADER} header, which the
         * policy checks before the job is stored; a refused or malformed URL is a {@code 400} problem and stores
         * nothing. The events themselves are sent by a deliverer (module {@code asyncapi-webhooks}). Default: off,
         * and a submit with the header is refused with {@code 400}.
         *
         * @param policy decides which destinations are acceptable, e.g. {@code webhooks::checkDestination}
         * @return this builder
         * @throws NullPointerException  if {@code policy} is null
         * @throws IllegalStateException if already set
         */
        public Builder callbacks(CallbackPolicy policy) {
            this.callbackPolicy = once(this.callbackPolicy, Objects.requireNonNull(policy, "policy cannot be null"),
                    "callbacks");
            return this;
        }

        /**
         * Serves the operator dashboard at {@code {base}/_dashboard}: counts by status and type, a filtered and
         * paged list of jobs, a job's detail, an hour's throughput and failure rate, this engine's gauges, and
         * the actions terminate and purge. Like the management routes it exists only for callers in the
         * management role: for anyone else, and when this is not called, its paths answer {@code 404}. Its
         * actions ({@code POST}) also need the anti-forgery token the page was given and a same-origin request,
         * else {@code 403}. Requires {@link #enableManagement(String)}; needs the default routes.
         *
         * @return this builder
         * @throws IllegalStateException if already called
         */
        public Builder enableDashboard() {
            this.dashboard = once(this.dashboard, Boolean.TRUE, "dashboard");
            return this;
        }

        /**
         * Shows a job's input (its JSON) in the dashboard's detail view. Off by default, as inputs may hold
         * personal or secret data that operators need not see. Requires {@link #enableDashboard()}.
         *
         * @return this builder
         * @throws IllegalStateException if already called
         */
        public Builder showInputInDashboard() {
            this.dashboardShowsInput = once(this.dashboardShowsInput, Boolean.TRUE, "showInputInDashboard");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalStateException if the default routes are off and no custom route was added, if both
         *                               a public base URI and trusted forwarded headers are set, if the
         *                               dashboard is enabled without management or without the default routes,
         *                               or if input is shown without the dashboard
         */
        public AsyncJobsHttp build() {
            if (!defaultRoutes && routes.isEmpty()) {
                throw new IllegalStateException("add a route when the default routes are off");
            }
            if (dashboard != null && managementRole == null) {
                throw new IllegalStateException("enableDashboard() needs enableManagement(role): the dashboard is"
                        + " guarded by the management role");
            }
            if (dashboard != null && !defaultRoutes) {
                throw new IllegalStateException("enableDashboard() needs the default routes: it is served under"
                        + " the base path");
            }
            if (dashboardShowsInput != null && dashboard == null) {
                throw new IllegalStateException("showInputInDashboard() needs enableDashboard()");
            }
            if (publicBaseUri != null && Boolean.TRUE.equals(trustForwardedHeaders)) {
                throw new IllegalStateException("set either publicBaseUri or trustForwardedHeaders(true), not both:"
                        + " with a public base URI the forwarded headers are not used");
            }
            return new AsyncJobsHttp(this);
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
            return value;
        }
    }
}
