package dev.asyncapi.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.asyncapi.servlet.internal.HttpPipeline;

import java.io.IOException;
import java.util.Objects;

/**
 * A Jakarta Servlet filter serving the asynchronous request-reply contract of an {@link AsyncJobsHttp}: its
 * custom routes and its default routes under the base path. Every other request passes down the chain
 * untouched, as does a request whose {@link RequestMapper} declines it.
 *
 * <p>Register it with async support on (long polls and {@code Prefer: wait} hold no container thread while
 * they wait), for the {@code REQUEST} dispatcher type:
 *
 * <pre>{@code
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
 *         .basePath("/jobs")                                   // default routes: POST /jobs/{type}, GET /jobs/{id}, ...
 *         .route(Route.builder("GET", "/api/submit/query")      // a custom submit route
 *                 .mapper(request -> {
 *                     Optional<String> start = request.queryParameter("s");
 *                     if (start.isEmpty() || !isDate(start.get())) {
 *                         return RouteAction.reject(400, "{\"error\": \"Invalid start date format.\"}");
 *                     }
 *                     return RouteAction.submit("audit-count", new AuditQuery(start.get(), ...));
 *                 })
 *                 .renderer(auditRenderer)                       // 202 + {"statusUri": ...}, 404 {"error": ...}
 *                 .statusPath("/api/status/{id}")
 *                 .build())
 *         .route("GET", "/api/status/{id}",
 *                 request -> RouteAction.status(request.pathVariable("id")), auditRenderer)
 *         .build();
 * ServletContextHandler context = ...;
 * FilterHolder holder = new FilterHolder(new AsyncJobsFilter(http));
 * holder.setAsyncSupported(true);
 * context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>In {@code web.xml} (or a Spring {@code FilterRegistrationBean}) use the no-argument constructor with
 * the init-params named by the {@code PARAM_*} constants of {@link AsyncJobsHttp} ({@code base-path},
 * {@code max-body-bytes}, {@code max-wait-seconds}, {@code profile}, ...); the engine is found in the servlet
 * context attribute named by {@code jobs-attribute} (default {@link AsyncJobsHttp#DEFAULT_JOBS_ATTRIBUTE}).
 *
 * <p>Thread-safe.
 */
public class AsyncJobsFilter implements Filter {

    private volatile AsyncJobsHttp http;
    private volatile HttpPipeline pipeline;

    /**
     * Creates a filter configured from init-params in {@link #init(FilterConfig)}.
     */
    public AsyncJobsFilter() {
    }

    /**
     * Creates a filter with a configuration built in code; init-params are ignored.
     *
     * @param http the configuration
     * @throws NullPointerException if {@code http} is null
     */
    public AsyncJobsFilter(AsyncJobsHttp http) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.pipeline = new HttpPipeline(http);
    }

    /**
     * Reads the init-params unless the filter was configured in code.
     *
     * @param config the filter configuration
     * @throws ServletException if the engine attribute is missing or an init-param is invalid
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (http == null) {
            http = AsyncJobsHttp.fromInitParameters(config.getServletContext(), config::getInitParameter);
            pipeline = new HttpPipeline(http);
        }
    }

    /**
     * Ends the open event streams and stops the filter's timer. The engine is not closed: it belongs to the
     * application.
     */
    @Override
    public void destroy() {
        HttpPipeline current = pipeline;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Serves a matching request, or passes it down the chain.
     *
     * @param request  the request
     * @param response the response
     * @param chain    the rest of the chain
     * @throws IOException      if writing fails or the chain throws it
     * @throws ServletException if the chain throws it
     * @throws IllegalStateException if the filter was never initialised
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpPipeline current = pipeline;
        if (current == null) {
            throw new IllegalStateException("AsyncJobsFilter was not initialised: call init(FilterConfig) first");
        }
        if (request instanceof HttpServletRequest req && response instanceof HttpServletResponse resp
                && current.handle(req, resp)) {
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException if the filter was never initialised
     */
    public AsyncJobsHttp http() {
        AsyncJobsHttp current = http;
        if (current == null) {
            throw new IllegalStateException("AsyncJobsFilter was not initialised");
        }
        return current;
    }
}
