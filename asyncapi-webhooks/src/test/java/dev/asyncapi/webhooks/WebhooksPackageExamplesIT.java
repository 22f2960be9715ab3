package dev.asyncapi.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example of the {@code dev.asyncapi.webhooks} package overview: the servlet filter on embedded Jetty takes a
 * submit with a {@code Callback-URL}, and the completion event reaches a receiver on loopback, signed.
 */
class WebhooksPackageExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String signingSecret = TestWebhooks.SECRET;
    private final JobStore store = new InMemoryJobStore();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aJobSubmittedWithACallbackUrlHasItsSignedCompletionEventPosted() throws Exception {
        Receiver receiver = Receiver.accepting();
        open.add(receiver);
        String receiverOrigin = "http://127.0.0.1:" + receiver.port();

        // tag::webhooks-enable-callbacks[]
        Webhooks webhooks = Webhooks.builder()
                .signingSecret(signingSecret) // whsec_ and base64: the receivers verify with it
                .allowOrigin(receiverOrigin) // the allow-list, e.g. https://hooks.example.com
                .allowHttp().allowLoopback() // a receiver on this machine: tests only
                .statusUrl("https://api.example.com/jobs/{id}")
                .build();
        WebhookDeliverer deliverer = webhooks.start(store);
        AsyncJobs jobs = AsyncJobs.builder()
                .store(deliverer.store())
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .callbacks(webhooks::checkDestination)
                .build();
        // end::webhooks-enable-callbacks[]
        // closed in this order: the server, the engine, the deliverer, the receiver
        open.add(0, deliverer);
        open.add(0, jobs);
        URI base = serve(http);

        HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("greet"))
                        .header("Content-Type", "application/json")
                        .header("Callback-URL", receiverOrigin + "/hooks/jobs")
                        .POST(HttpRequest.BodyPublishers.ofString("\"Ada\"")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).path("id").asText();
        await().atMost(TestWebhooks.PATIENCE).until(() -> !receiver.deliveriesOf(id).isEmpty());
        Receiver.Delivery delivery = receiver.deliveriesOf(id).get(0);
        assertThat(delivery.verifies(signingSecret)).isTrue();
        JsonNode event = JSON.readTree(delivery.body());
        assertThat(event.path("type").asText()).isEqualTo("job.completed");
        assertThat(event.path("data").path("statusUri").asText()).isEqualTo("https://api.example.com/jobs/" + id);
    }

    /** Mounts the filter on Jetty, on loopback; returns the base URI of the job routes. */
    private URI serve(AsyncJobsHttp http) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        open.add(0, server::stop);
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/jobs/");
    }
}
