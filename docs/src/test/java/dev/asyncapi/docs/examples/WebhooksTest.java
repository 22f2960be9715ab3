package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.webhooks.WebhookDeliverer;
import dev.asyncapi.webhooks.Webhooks;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/webhooks.md, run: the set-up on a real PostgreSQL, the receiver's check on a real delivery. */
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSetUpChecksEveryCallbackUrlBeforeStoringTheJob() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            DataSource dataSource = pg.dataSource();
            String secret = newSecret();

            // tag::webhooks-set-up[]
            Webhooks webhooks = Webhooks.builder()
                    .signingSecret(secret)                                   // whsec_ + base64 of 24..64 random bytes
                    .allowOrigin("https://hooks.partner.example")            // exact origin
                    .allowOrigin("https://*.tenants.example")                // any sub-domain
                    .statusUrl("https://api.example.com/jobs/{id}")          // the status URL the events carry
                    .build();

            JobStore durable = PostgresJobStore.builder(dataSource).build();  // or AzureTableJobStore, InMemoryJobStore
            WebhookDeliverer deliverer = webhooks.start(durable);             // polls the store for due deliveries

            AsyncJobs jobs = AsyncJobs.builder()
                    .store(deliverer.store())   // terminal writes of this engine reach the deliverer at once
                    .register("count", CountRequest.class, Long.class, Handlers::count)
                    .build();

            AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                    .callbacks(webhooks::checkDestination)   // enables the Callback-URL header, checked before storing
                    .build();
            // at shutdown: jobs.close(); deliverer.close(); durable.close();
            // end::webhooks-set-up[]

            Server server = JobsServer.start(jobs, http, 0);
            try {
                URI submit = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                        + "/jobs/count");
                String input = "{\"start\":\"2021-08-01\",\"end\":\"2021-08-02\"}";

                HttpResponse<String> refused = Http.postJson(submit, input,
                        "Callback-URL", "https://hooks.elsewhere.example/asyncapi");
                HttpResponse<String> plain = Http.postJson(submit, input);

                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(refused.body()).path("detail").asText()).contains("allow-list");
                assertThat(plain.statusCode()).isEqualTo(202);
                Job done = jobs.await(JSON.readTree(plain.body()).path("id").asText(), Duration.ofSeconds(30));
                assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            } finally {
                server.stop();                           // closes the engine (JobsServer's stop listener)
                deliverer.close();
                durable.close();
            }
        }
    }

    @Test
    void theReceiversCheckAcceptsARealDeliveryAndRefusesAnAlteredOne() throws Exception {
        CompletableFuture<Delivery> received = new CompletableFuture<>();
        Server receiver = new Server();
        ServerConnector connector = new ServerConnector(receiver);
        connector.setHost("127.0.0.1");
        receiver.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                received.complete(new Delivery(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                        request.getHeader("webhook-signature"), request.getInputStream().readAllBytes()));
                response.setStatus(204);
            }
        }), "/hook");
        receiver.setHandler(context);
        receiver.start();
        String secret = newSecret();
        String origin = "http://receiver.test:" + connector.getLocalPort();
        Webhooks webhooks = Webhooks.builder().signingSecret(secret).allowOrigin(origin).allowHttp().allowLoopback()
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
                .statusUrl("https://api.example.com/jobs/{id}").build();
        InMemoryJobStore store = new InMemoryJobStore();
        WebhookDeliverer deliverer = webhooks.start(store);
        AsyncJobs jobs = AsyncJobs.builder().store(deliverer.store())
                .register("count", CountRequest.class, Long.class, Handlers::count).build();
        try {
            jobs.submit("count", new CountRequest("2021-08-01", "2021-08-02"),
                    SubmitOptions.builder().callbackUrl(URI.create(origin + "/hook")).build());

            Delivery d = received.get(30, TimeUnit.SECONDS);
            byte[] altered = new String(d.body(), StandardCharsets.UTF_8).replace("Completed", "Failed")
                    .getBytes(StandardCharsets.UTF_8);

            JsonNode event = JSON.readTree(d.body());
            assertThat(event.path("type").asText()).isEqualTo("job.completed");
            assertThat(verify(secret, d.id(), d.timestamp(), d.signature(), d.body())).isTrue();
            assertThat(verify(secret, d.id(), d.timestamp(), d.signature(), altered)).isFalse();
            assertThat(verify(newSecret(), d.id(), d.timestamp(), d.signature(), d.body())).isFalse();
            assertThat(verify(secret, d.id(), String.valueOf(Instant.now().getEpochSecond() - 600), d.signature(),
                    d.body())).as("too old").isFalse();
        } finally {
            jobs.close();
            deliverer.close();
            receiver.stop();
        }
    }

    private record Delivery(String id, String timestamp, String signature, byte[] body) {
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    // tag::webhooks-verify[]
    static boolean verify(String secret, String id, String timestamp, String signatureHeader, byte[] rawBody)
            throws GeneralSecurityException {
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp));
        if (age > 300) {
            return false;                                   // too old or from the future: a replay
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(rawBody);             // the body exactly as received, before any parsing
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)))) {
                return true;
            }
        }
        return false;
    }
    // end::webhooks-verify[]
}
