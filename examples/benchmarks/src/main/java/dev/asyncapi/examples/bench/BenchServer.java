package dev.asyncapi.examples.bench;

import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.EnumSet;
import java.util.Map;

/**
 * One embedded Jetty 12 (ee10) on loopback for the HTTP benchmarks: {@link AsyncJobsFilter} on {@code /jobs/*}
 * (behind any probe filters), any extra servlets, and an empty servlet on {@code /} behind the filter.
 */
final class BenchServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool pool;

    private BenchServer(Server server, ServerConnector connector, QueuedThreadPool pool) {
        this.server = server;
        this.connector = connector;
        this.pool = pool;
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @param http            the HTTP contract the filter serves
     * @param maxThreads      the largest size of Jetty's {@link QueuedThreadPool}
     * @param acceptQueueSize the listen backlog asked for (the kernel caps it at {@code net.core.somaxconn});
     *                        0 for the platform's default
     * @param servlets        extra servlets by path spec
     * @param probes          filters on {@code /jobs/*} in front of {@link AsyncJobsFilter}, in order
     * @return the started server
     * @throws Exception if Jetty cannot start
     */
    static BenchServer start(AsyncJobsHttp http, int maxThreads, int acceptQueueSize, Map<String, HttpServlet> servlets,
                             Filter... probes) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads);
        pool.setName("jetty");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(acceptQueueSize);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        for (Filter probe : probes) {
            FilterHolder holder = new FilterHolder(probe);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/jobs/*", EnumSet.of(DispatcherType.REQUEST));
        }
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/jobs/*", EnumSet.of(DispatcherType.REQUEST));
        servlets.forEach((pathSpec, servlet) -> context.addServlet(new ServletHolder(servlet), pathSpec));
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;
        }), "/");
        server.setHandler(context);
        server.start();
        return new BenchServer(server, connector, pool);
    }

    /** The base URI, {@code http://127.0.0.1:PORT}, without a trailing slash. */
    String root() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Jetty's thread pool. */
    QueuedThreadPool pool() {
        return pool;
    }

    /** Threads of the pool taken for good by the connector: its acceptors and selectors. */
    int connectorThreads() {
        return connector.getAcceptors() + connector.getSelectorManager().getSelectorCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
