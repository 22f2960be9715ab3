package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The Java block of docs/dashboard.md, run on Jetty behind a stand-in for the application's authentication. */
class DashboardTest {

    @Test
    void theDashboardIsServedToTheRoleOnlyAndIsInvisibleToOthers() throws Exception {
        AsyncJobs jobs = AsyncJobs.builder()
                .register("count", CountRequest.class, Long.class, Handlers::count)
                .build();

        // tag::dashboard-enable[]
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .enableManagement("ops")      // the role that may see and use it (HttpServletRequest.isUserInRole)
                .enableDashboard()            // off by default
                // .showInputInDashboard()    // off by default: job inputs may hold data operators need not see
                .build();
        // end::dashboard-enable[]

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        // the application's authentication: here a request with "X-Test-Role: ops" is in the role ops
        Filter authentication = (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public boolean isUserInRole(String role) {
                        return role.equals(getHeader("X-Test-Role"));
                    }
                }, response);
        context.addFilter(new FilterHolder(authentication), "/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try {
            URI dashboard = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/jobs/_dashboard");

            HttpResponse<String> operator = Http.get(dashboard, "X-Test-Role", "ops");
            HttpResponse<String> anonymous = Http.get(dashboard);

            assertThat(operator.statusCode()).isEqualTo(200);
            assertThat(operator.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).startsWith("default-src 'none'"));
            assertThat(operator.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(anonymous.statusCode()).isEqualTo(404);
        } finally {
            server.stop();
            jobs.close();
        }
    }
}
