package dev.asyncapi.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.memory.InMemoryJobStore;
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
import java.util.EnumSet;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The submit side over HTTP: the servlet filter on embedded Jetty (loopback) checks {@code Callback-URL} with
 * {@code Webhooks::checkDestination} before storing anything. Refused destinations are resolved through the test
 * resolver hook only, so no packet goes anywhere.
 */
class CallbackSubmitIT {

    record In(String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Receiver receiver;
    private WebhookDeliverer deliverer;
    private AsyncJobs jobs;
    private Server server;
    private URI base;

    private void start(boolean callbacks) throws Exception {
        receiver = Receiver.accepting();
        Webhooks webhooks = TestWebhooks.builder(receiver.port()).build();
        deliverer = webhooks.start(store);
        jobs = AsyncJobs.builder().store(deliverer.store()).register("echo", In.class, In.class, (in, ctx) -> in).build();
        AsyncJobsHttp.Builder http = AsyncJobsHttp.builder(jobs);
        if (callbacks) {
            http.callbacks(webhooks::checkDestination);
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http.build()));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/jobs/");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        jobs.close();
        deliverer.close();
        receiver.close();
    }

    private HttpResponse<String> submit(UnaryOperator<HttpRequest.Builder> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"));
        return client.send(headers.apply(request).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> response, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("dev.asyncapi");
        assertThat(store.size()).as("jobs stored").isZero();
    }

    @Test
    void refusedDestinationsAre400ProblemsAndCreateNoJob() throws Exception {
        start(true);
        int port = receiver.port();

        assertRefused(submit(r -> r.header("Callback-URL", "http://private.test:" + port + "/x")),
                "Callback-URL refused: the destination's host resolves to a private address.");
        assertRefused(submit(r -> r.header("Callback-URL", "http://metadata.test/latest/meta-data")),
                "Callback-URL refused: the destination's host resolves to a link-local or metadata address.");
        assertRefused(submit(r -> r.header("Callback-URL", "https://evil.example.net/x")),
                "Callback-URL refused: the destination's origin is not on this service's allow-list.");
        assertRefused(submit(r -> r.header("Callback-URL", "http://" + TestWebhooks.HOST + ":1/x")),
                "Callback-URL refused: the destination's origin is not on this service's allow-list.");
        assertRefused(submit(r -> r.header("Callback-URL", "ftp://" + TestWebhooks.HOST + "/x")),
                "Callback-URL refused: callback url must be an absolute http or https URL, but was: 'ftp://"
                        + TestWebhooks.HOST + "/x'.");
        assertRefused(submit(r -> r.header("Callback-URL", "not a url")), "Callback-URL is not a valid URL.");
        assertRefused(submit(r -> r.header("Callback-URL", TestWebhooks.callback(port, "/a").toString())
                .header("Callback-URL", TestWebhooks.callback(port, "/b").toString())),
                "Send at most one Callback-URL header.");
    }

    @Test
    void anAcceptedCallbackIsStoredWithTheJobAndDelivered() throws Exception {
        start(true);

        HttpResponse<String> response = submit(r -> r.header("Callback-URL",
                TestWebhooks.callback(receiver.port(), "/done").toString()));

        assertThat(response.statusCode()).isEqualTo(202);
        String id = JSON.readTree(response.body()).path("id").asText();
        await().atMost(TestWebhooks.PATIENCE).until(() -> store.find(id).flatMap(j -> j.callback())
                .map(c -> c.state() == JobCallback.State.DELIVERED).orElse(false));
        assertThat(receiver.deliveriesOf(id)).hasSize(1);
    }

    @Test
    void aServiceWithoutCallbacksRefusesTheHeader() throws Exception {
        start(false);

        assertRefused(submit(r -> r.header("Callback-URL", TestWebhooks.callback(receiver.port(), "/x").toString())),
                "This service does not send completion callbacks: remove the Callback-URL header.");
    }
}
