package dev.asyncapi.docs.examples;

// tag::getting-started-jetty[]
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

import java.util.EnumSet;

public final class JobsServer {

    public static void main(String[] args) throws Exception {
        AsyncJobs jobs = AsyncJobs.builder()
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();
        start(jobs, AsyncJobsHttp.builder(jobs).build(), 8080).join();
    }

    /** Serves the filter in front of the rest of the service; closes the engine once Jetty has stopped. */
    public static Server start(AsyncJobs jobs, AsyncJobsHttp http, int port) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);             // no "Server: Jetty(12.x)" header
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");                 // loopback: this machine only; see below
        connector.setPort(port);                        // 0: any free port
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);                 // long polls hold no thread while waiting
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MyExistingServlet()), "/");   // the rest of your service
        server.setHandler(context);

        server.setStopAtShutdown(true);                 // Ctrl+C or SIGTERM stops Jetty ...
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                jobs.close();                           // ... then the engine, once no request can reach it
            }
        });
        server.start();
        return server;
    }
}
// end::getting-started-jetty[]
