package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.asyncapi.servlet.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What a hostile client tried against the filter, each answered with a clear 4xx and nothing lost. */
class HostileClientIT {

    private static AsyncJobs jobs;
    private static TestServer server;
    private final List<LogRecord> severe = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).enableManagement("ops").build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static long jobCount() {
        return jobs.query(JobQuery.builder().pageSize(1000).build()).jobs().size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8x", "application/json; charset=@@@",
            "application/json; charset=\"\"", "text/plain; charset=bogus"})
    void anUnknownOrMalformedCharsetIs415WithoutAStackTrace(String contentType) {
        long before = jobCount();

        HttpResponse<String> response = server.send(server.request("/jobs/echo").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asText()).endsWith("/unsupported-media-type");
        assertThat(severe).as("warnings logged for one bad request").isEmpty();
        assertThat(jobCount()).isEqualTo(before);
    }

    /** What a detail must never contain: a Java type, package or accessor. */
    private static final java.util.regex.Pattern JAVA_NAMES = java.util.regex.Pattern.compile(
            "[a-z]+\\.[a-z]+\\.[A-Za-z]|\\$[A-Z]|\\bjava\\.|com\\.fasterxml|get[A-Z]\\w*\\(\\)|Exception|TestJobs|Count\\b");

    @ParameterizedTest
    @ValueSource(strings = {"{\"count\":\"abc\"}", "{\"count\":{}}", "{\"count\":1,\"extra\":[1]}", "[1,2]",
            "{\"count\":1e999999}", "\"text\"", "{\"count\":", "{\"count\":1}}", "{\"count\":1,\"count\":2}"})
    void badInputDetailsNameThePathAndProblemButNoJavaType(String body) {
        long before = jobCount();

        HttpResponse<String> response = server.postJson("/jobs/typed", body);

        assertThat(response.statusCode()).isEqualTo(400);
        String detail = json(response).get("detail").asText();
        assertThat(detail).isNotBlank().doesNotContainPattern(JAVA_NAMES);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aNestingBombIsRefusedWithoutNamingTheParsersLimitMethod() {
        HttpResponse<String> response = server.postJson("/jobs/echo", "[".repeat(5000) + "]".repeat(5000));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).doesNotContainPattern(JAVA_NAMES);
    }

    @Test
    void aJsonNullBodyIs400UnlessTheTypeAcceptsNull() {
        long before = jobCount();

        HttpResponse<String> response = server.postJson("/jobs/typed", "null");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asText()).endsWith("/invalid-input");
        assertThat(json(response).get("detail").asText()).contains("null");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void anOutputThatCannotBeWrittenFailsTheJobWithoutNamingItsClass() {
        try (AsyncJobs own = TestJobs.builder()
                .register("opaque", com.fasterxml.jackson.databind.JsonNode.class, Object.class,
                        (input, ctx) -> new Object())
                .build();
             TestServer withOpaque = TestServer.withFilter(AsyncJobsHttp.builder(own).build())) {
            String id = json(withOpaque.postJson("/jobs/opaque", "{}")).get("id").asText();

            JsonNode failed = json(withOpaque.get("/jobs/" + id + "?wait=30"));

            assertThat(failed.get("status").asText()).isEqualTo("Failed");
            assertThat(failed.get("error").get("detail").asText()).isNotBlank().doesNotContainPattern(JAVA_NAMES)
                    .doesNotContain("Object");
        }
    }

    @Test
    void aBadCharsetOnACustomRouteNeverReachesTheContainersCharsetLookup() {
        HttpResponse<String> response = server.send(server.request("/jobs/" + "0".repeat(32))
                .header("Content-Type", "application/json; charset=utf-8x").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(severe).isEmpty();
    }

    @Test
    void headOnAStatusUrlAnswersAsGetWithoutABody() {
        String id = json(server.postJson("/jobs/echo", "{\"x\":1}")).get("id").asText();
        HttpResponse<String> get = server.get("/jobs/" + id);

        HttpResponse<String> head = server.send(server.request("/jobs/" + id)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void headOnARouteThatSubmitsIsRefusedAndSubmitsNothing() {
        try (AsyncJobs own = TestJobs.start();
             TestServer withGetSubmit = TestServer.withFilter(AsyncJobsHttp.builder(own)
                     .route("GET", "/api/submit", request -> RouteAction.submit("echo", java.util.Map.of("x", 1)),
                             ResponseRenderer.standard())
                     .build())) {
            HttpResponse<String> head = withGetSubmit.send(withGetSubmit.request("/api/submit")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

            assertThat(head.statusCode()).isEqualTo(405);
            assertThat(head.headers().firstValue("Allow")).contains("GET");
            assertThat(own.query(JobQuery.builder().build()).jobs()).isEmpty();
            assertThat(withGetSubmit.get("/api/submit").statusCode()).as("GET still submits").isEqualTo(202);
        }
    }

    @Test
    void aPrincipalWithoutTheManagementRoleCannotTellManagementIsOn() {
        try (AsyncJobs plain = TestJobs.start();
             TestServer off = TestServer.withFilter(AsyncJobsHttp.builder(plain).build())) {
            for (String method : List.of("PUT", "POST", "GET", "DELETE", "PATCH")) {
                HttpResponse<String> on = server.send(server.request("/jobs")
                        .method(method, HttpRequest.BodyPublishers.noBody()).build());
                HttpResponse<String> without = off.send(off.request("/jobs")
                        .method(method, HttpRequest.BodyPublishers.noBody()).build());

                assertThat(on.statusCode()).as(method).isEqualTo(404).isEqualTo(without.statusCode());
                assertThat(on.headers().firstValue("Allow")).as(method).isEmpty();
                assertThat(on.body()).as(method).isEqualTo(without.body());
            }
        }
        HttpResponse<String> manager = server.send(server.request("/jobs").header(TestServer.ROLES, "ops")
                .method("PUT", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(manager.statusCode()).isEqualTo(405);
        assertThat(manager.headers().firstValue("Allow")).contains("GET, HEAD, DELETE");
    }

    @Test
    void aConfiguredPublicBaseUriIsUsedInsteadOfTheRequestsHost() {
        try (AsyncJobs own = TestJobs.start();
             TestServer behindGateway = TestServer.withFilter(AsyncJobsHttp.builder(own)
                     .publicBaseUri(URI.create("https://api.example.com/orders/")).build())) {
            HttpResponse<String> response = behindGateway.postJson("/jobs/echo", "{}");

            String id = json(response).get("id").asText();
            assertThat(response.headers().firstValue("Location"))
                    .contains("https://api.example.com/orders/jobs/" + id);
            assertThat(json(response).get("statusUri").asText()).isEqualTo("https://api.example.com/orders/jobs/" + id);
        }
    }

    @Test
    void slowBodiesHoldNoThreadAndAreAnswered408AtTheirDeadline() throws Exception {
        int threads = 12;
        int slowClients = 3 * threads;
        try (AsyncJobs own = TestJobs.start();
             TestServer small = TestServer.withFilter(AsyncJobsHttp.builder(own).bodyTimeout(Duration.ofSeconds(2))
                     .build(), threads)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < slowClients; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), small.root.getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /jobs/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\nX-Test-User: slow\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    slow.add(socket);
                }
                // every slow client holds a request open mid-body; ordinary requests are still served
                List<CompletableFuture<HttpResponse<String>>> probes = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    probes.add(small.client.sendAsync(small.request("/jobs/" + "0".repeat(32)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> probe : probes) {
                    assertThat(probe.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
                }
                for (Socket socket : slow) {
                    socket.setSoTimeout(30_000);
                    String answer = readAll(socket.getInputStream());
                    assertThat(answer).startsWith("HTTP/1.1 408");
                    assertThat(answer).contains("application/problem+json").contains("/request-timeout");
                }
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertThat(own.query(JobQuery.builder().build()).jobs()).as("jobs created by slow clients").isEmpty();
        }
    }

    @Test
    void aBodyThatArrivesInPiecesStillSubmits() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.root.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String body = "{\"pieces\":[1,2,3]}";
            out.write(("POST /jobs/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            bytes.write(buffer, 0, n);
            String text = bytes.toString(StandardCharsets.UTF_8);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                int length = contentLength(text.substring(0, headerEnd));
                if (length >= 0 && bytes.size() >= headerEnd + 4 + length) {
                    break;
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }
}
