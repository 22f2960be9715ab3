package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the example quoted in the overview of {@code dev.asyncapi.servlet} (its package-info) on a real Jetty. */
class ServletPackageExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The example's input. */
    record Greeting(String name) {
    }

    /** The example's output. */
    record Greeted(String text) {
    }

    @Test
    void mountTheFilterWithACustomRoute() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        // tag::servlet-mount-filter[]
        AsyncJobs jobs = AsyncJobs.builder()
                .register("greet", Greeting.class, Greeted.class, (in, ctx) -> new Greeted("Hello, " + in.name()))
                .build();
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .route("POST", "/api/greetings/{name}", request -> {
                    String name = request.pathVariable("name");
                    return name.length() <= 40
                            ? RouteAction.submit("greet", new Greeting(name))
                            : RouteAction.reject(400, "{\"error\": \"name too long\"}");
                }, ResponseRenderer.standard())
                .build();

        ServletContextHandler context = new ServletContextHandler();
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        // end::servlet-mount-filter[]

        try (jobs) {
            URI root = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> custom = client.send(HttpRequest.newBuilder(root.resolve("/api/greetings/Ada"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(custom.statusCode()).isEqualTo(202);
            String location = custom.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(root + "/jobs/");

            JsonNode status = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(location + "?wait=10"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(status.get("status").asText()).isEqualTo("Completed");
            assertThat(status.get("result").get("text").asText()).isEqualTo("Hello, Ada");

            HttpResponse<String> tooLong = client.send(HttpRequest.newBuilder(
                    root.resolve("/api/greetings/" + "a".repeat(41))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).isEqualTo("{\"error\": \"name too long\"}");

            HttpResponse<String> byDefaultRoute = client.send(HttpRequest.newBuilder(root.resolve("/jobs/greet"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(byDefaultRoute.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(byDefaultRoute.body()).get("status").asText()).isEqualTo("Pending");
        } finally {
            server.stop();
        }
    }
}
