package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.Route;
import dev.asyncapi.servlet.RouteAction;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocks of docs/getting-started.md that use this example's classes: the custom routes of section 4 and the
 * Jetty error handler, on a real Jetty over loopback.
 */
class AuditRoutesDocExampleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private AsyncJobs jobs;
    private Server server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        jobs = AsyncJobs.builder().register("audit-count", AuditQuery.class, Long.class, (query, ctx) -> 533L).build();
        ResponseRenderer auditRenderer = AuditRoutes.renderer();

        // tag::getting-started-custom-routes[]
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .withoutDefaultRoutes()
                .route(Route.builder("GET", "/api/submit/query")
                        .mapper(request -> {
                            AuditDates.Validation v = AuditDates.validate(request.queryParameter("s").orElse(null),
                                    request.queryParameter("e").orElse(null), 366);
                            return v.query().map(q -> RouteAction.submit("audit-count", q))
                                    .orElseGet(() -> RouteAction.reject(400, "{\"error\": \"" + v.error().get() + "\"}"));
                        })
                        .renderer(auditRenderer)          // 202 {"statusUri"}, 200 {"id","status","result"}, 404 {"error"}
                        .statusPath("/api/status/{id}")
                        .build())
                .route("GET", "/api/status/{id}", request -> RouteAction.status(request.pathVariable("id")), auditRenderer)
                .build();
        // end::getting-started-custom-routes[]

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        // tag::getting-started-error-handler[]
        server.setErrorHandler(new JsonErrorHandler());   // also used by a ServletContextHandler without its own
        // end::getting-started-error-handler[]
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        jobs.close();
    }

    @Test
    void theCustomRoutesKeepTheAuditApisShape() throws Exception {
        HttpResponse<String> refused = get(base.resolve("/api/submit/query?s=10/08/2021"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("Empty end date.");

        HttpResponse<String> accepted = get(base.resolve("/api/submit/query?s=01/08/2021&e=31/08/2021"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        URI status = URI.create(JSON.readTree(accepted.body()).path("statusUri").asText());
        assertThat(status.getPath()).startsWith("/api/status/");
        assertThat(accepted.headers().firstValue("Location")).contains(status.toString());

        jobs.await(status.getPath().substring("/api/status/".length()), Duration.ofSeconds(30));
        JsonNode done = JSON.readTree(get(status).body());
        assertThat(done.path("status").asText()).isEqualTo("Completed");
        assertThat(done.path("result").asLong()).isEqualTo(533);

        HttpResponse<String> unknown = get(base.resolve("/api/status/00000000000000000000000000000000"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("Job not found");
    }

    @Test
    void aPathNothingServesIsAProblemFromTheErrorHandler() throws Exception {
        HttpResponse<String> response = get(base.resolve("/no/such/path"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("<html");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
