package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference scenario end to end: real HTTP to the app on embedded Jetty, the job reading a real Azurite.
 */
class AuditQueryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AuditSeeder SEEDER = new AuditSeeder(LocalDate.of(2021, 8, 9), 6, 250);

    private static AzuriteServer azurite;
    private static AuditQueryServer app;

    @BeforeAll
    static void start() throws Exception {
        azurite = AzuriteServer.startInMemory();
        SEEDER.seed(AuditTables.serviceClient(azurite.connectionString(), StorageOptions.defaults()));
        // One partition at a time with a pause each, so the Running state lasts long enough to be observed.
        app = AuditQueryServer.start(AppOptions.parse("--port=0", "--demo", "--concurrency=1",
                "--demo-partition-delay-ms=250"), azurite.connectionString(), StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "e=12/08/2021|Empty start date.",
            "s=&e=12/08/2021|Empty start date.",
            "s=2021/13/40&e=12/08/2021|Invalid start date format.",
            "s=10/08/2021|Empty end date.",
            "s=10/08/2021&e=tomorrow|Invalid end date format.",
            "s=12/08/2021&e=10/08/2021|Invalid date range.",
            "s=10/08/2021&e=10/08/2021|Invalid date range."})
    void answersValidationErrorsWith400AndTheExactMessage(String query, String message) throws Exception {
        HttpResponse<String> r = get(app, "/api/submit/query?" + query);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.createObjectNode().put("error", message));
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void submitAnswers202WithLocationRetryAfterAndStatusUri() throws Exception {
        HttpResponse<String> r = get(app, "/api/submit/query?s=10/08/2021&e=11/08/2021");

        assertThat(r.statusCode()).isEqualTo(202);
        String statusUri = JSON.readTree(r.body()).path("statusUri").asText();
        assertThat(statusUri).matches("http://localhost:\\d+/api/status/[0-9a-f]{32}");
        assertThat(r.headers().firstValue("Location")).contains(statusUri);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        awaitTerminal(statusUri);
    }

    @Test
    void jobRunsWithProgressThenCompletesWithTheSeedersCount() throws Exception {
        AuditQuery range = AuditQuery.of(SEEDER.firstDay(), SEEDER.lastDay());
        String statusUri = submit("09/08/2021", "14/08/2021");

        JsonNode running = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(statusUri), s -> s.path("status").asText().equals("Running")
                        && s.path("progress").path("partitionsDone").asInt() >= 1);
        assertThat(running.path("result").isNull()).isTrue();
        assertThat(running.path("progress").path("partitionsTotal").asInt()).isEqualTo(6);
        assertThat(running.path("progress").path("rowsScanned").asLong()).isPositive();

        JsonNode done = awaitTerminal(statusUri);
        assertThat(done.path("status").asText()).isEqualTo("Completed");
        assertThat(done.path("result").asLong()).isEqualTo(SEEDER.expectedCount(range)).isPositive();
        assertThat(done.path("id").asText()).isEqualTo(statusUri.substring(statusUri.lastIndexOf('/') + 1));
        assertThat(done.has("progress")).isFalse();
    }

    @Test
    void aSubRangeCountsOnlyItsDays() throws Exception {
        JsonNode done = awaitTerminal(submit("10/8/2021", "11/8/2021"));

        long expected = SEEDER.expectedCount(new AuditQuery("2021-08-10", "2021-08-11"));
        assertThat(done.path("result").asLong()).isEqualTo(expected)
                .isLessThan(SEEDER.expectedCount(AuditQuery.of(SEEDER.firstDay(), SEEDER.lastDay())));
    }

    @Test
    void theStatusUrlStreamsTheJobAndItsCountAsServerSentEvents() throws Exception {
        String statusUri = submit("09/08/2021", "14/08/2021");
        HttpResponse<java.util.stream.Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(URI.create(statusUri))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        java.util.List<String> events = new java.util.ArrayList<>();
        String done = null;
        String event = null;
        try (java.util.stream.Stream<String> lines = stream.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                    events.add(event);
                } else if (line.startsWith("data: ") && "done".equals(event)) {
                    done = line.substring("data: ".length());
                }
            }
        }
        assertThat(events.get(0)).isEqualTo("status");
        assertThat(events).endsWith("done").doesNotContain("message");
        JsonNode result = JSON.readTree(done);
        assertThat(result.path("status").asText()).isEqualTo("Completed");
        assertThat(result.path("result").asLong())
                .isEqualTo(SEEDER.expectedCount(new AuditQuery("2021-08-09", "2021-08-14")));
    }

    @Test
    void aRangeWithoutRowsCountsZero() throws Exception {
        JsonNode done = awaitTerminal(submit("01/01/2020", "02/01/2020"));

        assertThat(done.path("status").asText()).isEqualTo("Completed");
        assertThat(done.path("result").asLong(-1)).isZero();
    }

    @Test
    void anUnknownIdIs404JobNotFound() throws Exception {
        for (String id : new String[] {"00000000000000000000000000000000", "not-an-id"}) {
            HttpResponse<String> r = get(app, "/api/status/" + id);

            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(r.body())).isEqualTo(JSON.createObjectNode().put("error", "Job not found"));
        }
    }

    @Test
    void anUnreachableTableFailsTheJobWithAClearErrorInBoundedTime() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT_NAME + ";AccountKey="
                + AzuriteServer.ACCOUNT_KEY + ";TableEndpoint=http://127.0.0.1:" + closedPort + "/"
                + AzuriteServer.ACCOUNT_NAME + ";";
        try (AuditQueryServer broken = AuditQueryServer.start(AppOptions.parse("--port=0"), unreachable,
                StorageOptions.defaults())) {
            HttpResponse<String> submitted = get(broken, "/api/submit/query?s=10/08/2021&e=12/08/2021");
            String statusUri = JSON.readTree(submitted.body()).path("statusUri").asText();

            AtomicReference<String> body = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(statusUri)).build(),
                        HttpResponse.BodyHandlers.ofString());
                body.set(r.body());
                return JSON.readTree(r.body()).path("status").asText().equals("Failed");
            });
            JsonNode failed = JSON.readTree(body.get());
            assertThat(failed.path("result").isNull()).isTrue();
            assertThat(failed.path("error").path("code").asText()).isEqualTo(AuditCountJob.TABLE_UNREACHABLE);
            assertThat(failed.path("error").path("message").asText())
                    .isEqualTo("Table 'audit' at http://127.0.0.1:" + closedPort + " could not be reached (connection refused).");
            assertThat(body.get()).doesNotContain(AzuriteServer.ACCOUNT_KEY).doesNotContain("AccountKey");
        }
    }

    @Test
    void withTheTableJobStoreAJobOutlivesTheAppThatRanIt() throws Exception {
        aJobOutlivesTheAppThatRanIt(AppOptions.parse("--port=0", "--store=azure-tables"));
    }

    @Test
    void withThePostgresJobStoreAJobOutlivesTheAppThatRanIt() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            aJobOutlivesTheAppThatRanIt(AppOptions.parse("--port=0", "--store=postgres",
                    "--postgres-url=" + postgres.jdbcUrl() + "?user=" + postgres.user() + "&password="
                            + postgres.password()));
            try (PostgresJobStore store = PostgresJobStore.builder(postgres.dataSource()).build()) {
                assertThat(store.query(dev.asyncapi.core.JobQuery.builder().build()).jobs())
                        .extracting(dev.asyncapi.core.Job::status).containsExactly(dev.asyncapi.core.JobStatus.COMPLETED);
            }
        }
    }

    /** A job run by one app instance is answered for by the next one on the same durable store. */
    private static void aJobOutlivesTheAppThatRanIt(AppOptions onTables) throws Exception {
        String statusPath;
        long expected = SEEDER.expectedCount(new AuditQuery("2021-08-10", "2021-08-12"));
        try (AuditQueryServer first = AuditQueryServer.start(onTables, azurite.connectionString(), StorageOptions.defaults())) {
            HttpResponse<String> submitted = get(first, "/api/submit/query?s=10/08/2021&e=12/08/2021");
            assertThat(submitted.statusCode()).isEqualTo(202);
            String statusUri = JSON.readTree(submitted.body()).path("statusUri").asText();
            JsonNode done = awaitTerminal(statusUri);
            assertThat(done.path("status").asText()).isEqualTo("Completed");
            assertThat(done.path("result").asLong()).isEqualTo(expected);
            statusPath = URI.create(statusUri).getPath();
        }
        // a new app instance on the same storage answers for the job: its state lived in Table Storage, not in memory
        try (AuditQueryServer second = AuditQueryServer.start(onTables, azurite.connectionString(), StorageOptions.defaults())) {
            HttpResponse<String> r = get(second, statusPath);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("Completed");
            assertThat(JSON.readTree(r.body()).path("result").asLong()).isEqualTo(expected);
        }
    }

    private static String submit(String start, String end) throws Exception {
        HttpResponse<String> r = get(app, "/api/submit/query?s=" + start + "&e=" + end);
        assertThat(r.statusCode()).isEqualTo(202);
        return JSON.readTree(r.body()).path("statusUri").asText();
    }

    private static JsonNode status(String statusUri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(statusUri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode awaitTerminal(String statusUri) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(statusUri), s -> s.path("status").asText().matches("Completed|Failed|Terminated"));
    }

    private static HttpResponse<String> get(AuditQueryServer server, String pathAndQuery)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
