package dev.asyncapi.client;

import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;

/**
 * The code the client talks to, for real: embedded Jetty 12 (ee10) on a loopback port with a {@link Recorder}
 * first, then any filters a test puts in front, a principal taken from {@value #USER}, and the asyncapi filter
 * on a real engine.
 */
final class JettyServer implements AutoCloseable {

    /** Header naming the test principal; absent means anonymous. */
    static final String USER = "X-Test-User";

    final Server server;
    final URI root;
    final Recorder recorder;

    private JettyServer(Server server, URI root, Recorder recorder) {
        this.server = server;
        this.root = root;
        this.recorder = recorder;
    }

    static JettyServer start(AsyncJobsHttp http, Filter... inFront) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 4);
        pool.setName("jetty-client-test");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        Recorder recorder = new Recorder();
        for (Filter filter : concat(recorder, inFront, new PrincipalFromHeader(), new AsyncJobsFilter(http))) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        return new JettyServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()), recorder);
    }

    private static List<Filter> concat(Filter first, Filter[] middle, Filter... last) {
        List<Filter> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(middle));
        all.addAll(List.of(last));
        return all;
    }

    /** The jobs base URI, {@code {root}/jobs}. */
    URI jobs() {
        return URI.create(root + "/jobs");
    }

    int port() {
        return root.getPort();
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
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public Principal getUserPrincipal() {
                    return () -> user;
                }

                @Override
                public String getRemoteUser() {
                    return user;
                }
            }, response);
        }
    }
}
