package dev.asyncapi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.asyncapi.servlet.internal.HttpPipeline;

import java.io.IOException;
import java.util.Objects;

/**
 * The servlet variant of {@link AsyncJobsFilter}: serves the routes of an {@link AsyncJobsHttp} and answers
 * every other request it receives with a {@code 404} problem. Map it, with async support on, to the base path
 * and everything below it; on an embedded Jetty 12 (ee10) {@code ServletContextHandler context}:
 *
 * <!-- snippet: servlet-asyncjobsservlet-mount -->
 * <pre>{@code
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).basePath("/api/jobs").build();
 * ServletHolder holder = new ServletHolder(new AsyncJobsServlet(http));
 * holder.setAsyncSupported(true);
 * context.addServlet(holder, "/api/jobs/*");             // the base path, and everything below it
 * }</pre>
 *
 * <p>Requests outside its mapping never reach it: map it to the paths of custom routes too, or use the filter,
 * which lets what it does not serve pass on.
 *
 * <p>In {@code web.xml} use the no-argument constructor with the init-params named in {@link AsyncJobsHttp}, as
 * {@link AsyncJobsFilter} shows. Thread-safe.
 */
public class AsyncJobsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Not serialized: a deserialized servlet is configured again by {@link #init()}. */
    private transient volatile AsyncJobsHttp http;
    private transient volatile HttpPipeline pipeline;

    /**
     * Creates a servlet configured from init-params in {@link #init()}.
     */
    public AsyncJobsServlet() {
    }

    /**
     * Creates a servlet with a configuration built in code; init-params are ignored.
     *
     * @param http the configuration
     * @throws NullPointerException if {@code http} is null
     */
    public AsyncJobsServlet(AsyncJobsHttp http) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.pipeline = new HttpPipeline(http);
    }

    /**
     * Reads the init-params unless the servlet was configured in code.
     *
     * @throws ServletException if the engine attribute is missing or an init-param is invalid
     */
    @Override
    public void init() throws ServletException {
        if (http == null) {
            http = AsyncJobsHttp.fromInitParameters(getServletContext(), this::getInitParameter);
        }
        if (pipeline == null) {
            pipeline = new HttpPipeline(http);
        }
    }

    /**
     * Ends the open event streams and stops the servlet's timer. The engine is not closed: it belongs to the
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
     * Serves a request: a route, or a {@code 404} problem.
     *
     * @param req  the request
     * @param resp the response
     * @throws IOException if writing fails
     * @throws IllegalStateException if the servlet was never initialised
     */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        HttpPipeline current = pipeline;
        if (current == null) {
            throw new IllegalStateException("AsyncJobsServlet was not initialised: call init(ServletConfig) first");
        }
        if (!current.handle(req, resp)) {
            current.notFound(req, resp);
        }
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException if the servlet was never initialised
     */
    public AsyncJobsHttp http() {
        AsyncJobsHttp current = http;
        if (current == null) {
            throw new IllegalStateException("AsyncJobsServlet was not initialised");
        }
        return current;
    }
}
