package dev.asyncapi.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.function.Consumer;

/**
 * Embedded Jetty 12 (ee10) on a loopback port: a test principal filter, then the code under test (the filter,
 * or the servlet at {@code /jobs/*}), then a downstream servlet that proves pass-through.
 */
final class TestServer implements AutoCloseable {

    /** Header naming the test principal; absent means no principal (anonymous). */
    static final String USER = "X-Test-User";
    /** Header listing the test principal's roles, comma-separated. */
    static final String ROLES = "X-Test-Roles";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    final Server server;
    final URI root;
    final HttpClient client;

    private TestServer(Server server, URI root) {
        this.server = server;
        this.root = root;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static TestServer withFilter(AsyncJobsHttp http) {
        return start(200, ctx -> addFilter(ctx, new AsyncJobsFilter(http)));
    }

    static TestServer withFilter(AsyncJobsHttp http, int maxThreads) {
        return start(maxThreads, ctx -> addFilter(ctx, new AsyncJobsFilter(http)));
    }

    /**
     * Like {@link #withFilter(AsyncJobsHttp)}, but Jetty lets ambiguous URIs (encoded slashes, dot segments,
     * NUL) through to the filter instead of rejecting them itself, so the filter's own defences are tested,
     * as they matter on containers that pass such paths on.
     */
    static TestServer withFilterAndLenientUris(AsyncJobsHttp http) {
        return start(200, true, ctx -> addFilter(ctx, new AsyncJobsFilter(http)));
    }

    static TestServer start(int maxThreads, Consumer<ServletContextHandler> setup) {
        return start(maxThreads, false, setup);
    }

    static TestServer start(int maxThreads, boolean lenientUris, Consumer<ServletContextHandler> setup) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(4, maxThreads));
        pool.setName("jetty-test");
        Server server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        if (lenientUris) {
            config.setUriCompliance(UriCompliance.UNSAFE);
        }
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (lenientUris) {
            context.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        FilterHolder principals = new FilterHolder(new PrincipalFromHeader());
        principals.setAsyncSupported(true);
        context.addFilter(principals, "/*", EnumSet.of(DispatcherType.REQUEST));
        setup.accept(context);
        ServletHolder downstream = new ServletHolder(new Downstream());
        downstream.setAsyncSupported(true);
        context.addServlet(downstream, "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        return new TestServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    static void addFilter(ServletContextHandler context, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(Duration.ofSeconds(90))
                .header(USER, "alice");
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Parses a JSON body; an answer that is not JSON fails the test, showing it. */
    static com.fasterxml.jackson.databind.JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Parses a response's JSON body. */
    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }

    /** Test scaffolding standing in for a real authentication filter. */
    static final class PrincipalFromHeader implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            String user = http.getHeader(USER);
            if (user == null) {
                chain.doFilter(request, response);
                return;
            }
            String roles = http.getHeader(ROLES) == null ? "" : http.getHeader(ROLES);
            chain.doFilter(withPrincipal(http, user, roles), response);
        }
    }

    /**
     * Test scaffolding for a browser, which cannot send the test headers: every request is this principal's,
     * in these roles (comma-separated).
     */
    static Filter fixedPrincipal(String user, String roles) {
        return (request, response, chain) -> chain.doFilter(withPrincipal((HttpServletRequest) request, user, roles),
                response);
    }

    private static HttpServletRequest withPrincipal(HttpServletRequest http, String user, String roles) {
        return new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
                return () -> user;
            }

            @Override
            public String getRemoteUser() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return Arrays.asList(roles.split(",")).contains(role);
            }
        };
    }

    /** Answers what the filter passed on, so tests can see pass-through. */
    static final class Downstream extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write("downstream " + req.getMethod() + " " + req.getRequestURI());
        }
    }
}
