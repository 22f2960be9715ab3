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
 * they wait), for the {@code REQUEST} dispatcher type. The {@linkplain dev.asyncapi.servlet package overview}
 * mounts it on an embedded Jetty with a configuration built in code; {@link Route} and {@link ResponseRenderer}
 * show custom routes.
 *
 * <p>In {@code web.xml} (or a Spring {@code FilterRegistrationBean}) use the no-argument constructor with
 * the init-params named by the {@code PARAM_*} constants of {@link AsyncJobsHttp} ({@code base-path},
 * {@code max-body-bytes}, {@code max-wait-seconds}, {@code profile}, ...); the engine is found in the servlet
 * context attribute named by {@code jobs-attribute} (default {@link AsyncJobsHttp#DEFAULT_JOBS_ATTRIBUTE}), which
 * a {@link jakarta.servlet.ServletContextListener} sets before the filter starts:
 *
 * <!-- snippet: servlet-asyncjobsfilter-listener -->
 * <pre>{@code
 * public class JobsListener implements ServletContextListener {
 *     private AsyncJobs jobs;
 *
 *     @Override
 *     public void contextInitialized(ServletContextEvent event) {
 *         jobs = AsyncJobs.builder()
 *                 .register("greet", Greeting.class, Greeted.class, (in, ctx) -> new Greeted("Hello, " + in.name()))
 *                 .build();
 *         event.getServletContext().setAttribute(AsyncJobsHttp.DEFAULT_JOBS_ATTRIBUTE, jobs);
 *     }
 *
 *     @Override
 *     public void contextDestroyed(ServletContextEvent event) {
 *         jobs.close();
 *     }
 * }
 * }</pre>
 *
 * <pre>
 * &lt;listener&gt;
 *   &lt;listener-class&gt;com.example.JobsListener&lt;/listener-class&gt;
 * &lt;/listener&gt;
 * &lt;filter&gt;
 *   &lt;filter-name&gt;asyncapi&lt;/filter-name&gt;
 *   &lt;filter-class&gt;dev.asyncapi.servlet.AsyncJobsFilter&lt;/filter-class&gt;
 *   &lt;async-supported&gt;true&lt;/async-supported&gt;
 *   &lt;init-param&gt;&lt;param-name&gt;base-path&lt;/param-name&gt;&lt;param-value&gt;/api/jobs&lt;/param-value&gt;&lt;/init-param&gt;
 *   &lt;init-param&gt;&lt;param-name&gt;max-wait-seconds&lt;/param-name&gt;&lt;param-value&gt;30&lt;/param-value&gt;&lt;/init-param&gt;
 *   &lt;init-param&gt;&lt;param-name&gt;profile&lt;/param-name&gt;&lt;param-value&gt;see-other&lt;/param-value&gt;&lt;/init-param&gt;
 * &lt;/filter&gt;
 * &lt;filter-mapping&gt;
 *   &lt;filter-name&gt;asyncapi&lt;/filter-name&gt;
 *   &lt;url-pattern&gt;/*&lt;/url-pattern&gt;
 *   &lt;dispatcher&gt;REQUEST&lt;/dispatcher&gt;
 * &lt;/filter-mapping&gt;
 * </pre>
 *
 * <p>A bad init-param, or an attribute that holds no engine, fails {@link #init(FilterConfig)} with a
 * {@link ServletException} naming it.
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
