package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.TraceContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AsyncJobsFilterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AsyncJobs jobs;
    private static TestServer server;

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

    static JsonNode json(HttpResponse<String> response) {
        return TestServer.json(response);
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    private HttpResponse<String> post(String user, String path, String body) {
        return server.send(server.request(path).setHeader(TestServer.USER, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(String user, String path) {
        return server.send(server.request(path).setHeader(TestServer.USER, user).GET().build());
    }

    @Test
    void submitAnswers202WithLocationRetryAfterAndStatusUri() {
        HttpResponse<String> response = post(user(), "/jobs/echo", "{\"x\":1}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        String id = body.get("id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(body.get("status").asText()).isEqualTo("Pending");
        assertThat(body.get("statusUri").asText()).isEqualTo(server.root + "/jobs/" + id);
        assertThat(response.headers().firstValue("Location")).contains(server.root + "/jobs/" + id);
        assertThat(response.headers().firstValue("Retry-After")).contains("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
    }

    @Test
    void statusOfCompletedJobCarriesResultAndNoRetryAfter() {
        String user = user();
        String id = json(post(user, "/jobs/echo", "{\"x\":[1,2]}")).get("id").asText();

        HttpResponse<String> status = get(user, "/jobs/" + id + "?wait=10");

        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode body = json(status);
        assertThat(body.get("status").asText()).isEqualTo("Completed");
        assertThat(body.get("result")).isEqualTo(JSON.createObjectNode().set("x", JSON.createArrayNode().add(1).add(2)));
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "status", "result");
        assertThat(status.headers().firstValue("Retry-After")).isEmpty();
        HttpResponse<String> result = get(user, "/jobs/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(json(result).get("x").size()).isEqualTo(2);
    }

    @Test
    void failedJobCarriesAProblemObjectAsError() {
        String user = user();
        String id = json(post(user, "/jobs/fail", "{}")).get("id").asText();

        JsonNode body = json(get(user, "/jobs/" + id + "?wait=10"));

        assertThat(body.get("status").asText()).isEqualTo("Failed");
        assertThat(body.get("error").get("type").asText()).isEqualTo(ProblemType.BASE_URI + "job-failed");
        assertThat(body.get("error").get("code").asText()).isEqualTo("Boom");
        assertThat(body.get("error").get("detail").asText()).isEqualTo("it failed on purpose");
        assertThat(body.has("result")).isFalse();
        HttpResponse<String> result = get(user, "/jobs/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(404);
        assertThat(json(result).get("type").asText()).isEqualTo(ProblemType.RESULT_NOT_AVAILABLE.uri().toString());
    }

    @Test
    void runningJobReportsProgressWithRetryAfterAndLongPollWakesOnCompletion() throws Exception {
        String user = user();
        String gate = UUID.randomUUID().toString();
        String id = json(post(user, "/jobs/gated", "{\"gate\":\"" + gate + "\"}")).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get(user, "/jobs/" + id)).has("progress"));

        HttpResponse<String> running = get(user, "/jobs/" + id);
        assertThat(json(running).get("status").asText()).isEqualTo("Running");
        assertThat(json(running).get("progress").get("step").asInt()).isEqualTo(1);
        assertThat(running.headers().firstValue("Retry-After")).contains("2");

        CompletableFuture<HttpResponse<String>> poll = server.client.sendAsync(
                server.request("/jobs/" + id + "?wait=30").setHeader(TestServer.USER, user).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        TestJobs.open(gate);

        HttpResponse<String> done = poll.get();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json(done).get("status").asText()).isEqualTo("Completed");
    }

    @Test
    void longPollAnswersTheCurrentStatusWhenTheWaitRunsOut() {
        String user = user();
        String gate = UUID.randomUUID().toString();
        String id = json(post(user, "/jobs/gated", "{\"gate\":\"" + gate + "\"}")).get("id").asText();
        try {
            HttpResponse<String> response = get(user, "/jobs/" + id + "?wait=1");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isIn("Pending", "Running");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        } finally {
            TestJobs.open(gate);
        }
    }

    @Test
    void deleteTerminatesARunningJobAndAnswers409OnceTerminal() {
        String user = user();
        String gate = UUID.randomUUID().toString();
        String id = json(post(user, "/jobs/gated", "{\"gate\":\"" + gate + "\"}")).get("id").asText();

        HttpResponse<String> first = server.send(server.request("/jobs/" + id).setHeader(TestServer.USER, user).DELETE().build());
        HttpResponse<String> second = server.send(server.request("/jobs/" + id).setHeader(TestServer.USER, user).DELETE().build());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(first).get("status").asText()).isEqualTo("Terminated");
        assertThat(json(first).get("error").get("type").asText()).isEqualTo(ProblemType.BASE_URI + "job-terminated");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(json(second).get("type").asText()).isEqualTo(ProblemType.JOB_ALREADY_TERMINAL.uri().toString());
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.TERMINATED);
    }

    @Test
    void preferWaitAnswers200WithTheResultWhenTheJobFinishesInTime() {
        HttpResponse<String> response = server.send(server.request("/jobs/echo").setHeader(TestServer.USER, user())
                .header("Content-Type", "application/json").header("Prefer", "respond-async, wait=10")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fast\":true}")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("result").get("fast").asBoolean()).isTrue();
        assertThat(response.headers().firstValue("Preference-Applied")).contains("wait=10");
    }

    @Test
    void preferWaitAnswers202WhenTheJobIsNotDoneInTime() {
        String gate = UUID.randomUUID().toString();
        try {
            HttpResponse<String> response = server.send(server.request("/jobs/gated").setHeader(TestServer.USER, user())
                    .header("Content-Type", "application/json").header("Prefer", "respond-async, wait=1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"gate\":\"" + gate + "\"}")).build());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("Location")).isPresent();
            assertThat(response.headers().firstValue("Preference-Applied")).contains("respond-async, wait=1");
        } finally {
            TestJobs.open(gate);
        }
    }

    @Test
    void idempotencyKeyReturnsTheSameJobForTheSamePayloadAnd422ForAnother() {
        String user = user();
        HttpRequest.Builder base = server.request("/jobs/echo").setHeader(TestServer.USER, user)
                .header("Content-Type", "application/json").header("Idempotency-Key", "order-42");

        HttpResponse<String> first = server.send(base.copy().POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());
        HttpResponse<String> again = server.send(base.copy().POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());
        HttpResponse<String> other = server.send(base.copy().POST(HttpRequest.BodyPublishers.ofString("{\"a\":2}")).build());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("id")).isEqualTo(json(first).get("id"));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(json(other).get("type").asText()).isEqualTo(ProblemType.IDEMPOTENCY_CONFLICT.uri().toString());
        assertThat(jobsOf(user)).isEqualTo(1);
    }

    @Test
    void theTraceContextHeadersOfASubmitAreStoredWithTheJobAndAMalformedOneIsIgnored() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpRequest.Builder base = server.request("/jobs/echo").setHeader(TestServer.USER, user())
                .header("Content-Type", "application/json");

        HttpResponse<String> traced = server.send(base.copy().header("traceparent", traceparent)
                .header("tracestate", "rojo=00f067aa0ba902b7").header("tracestate", "congo=t61rcWkgMzE")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> malformed = server.send(base.copy().header("traceparent", "00-nonsense")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(traced.statusCode()).isEqualTo(202);
        assertThat(malformed.statusCode()).isEqualTo(202);
        assertThat(jobs.find(json(traced).get("id").asText()).orElseThrow().traceContext())
                .contains(TraceContext.of(traceparent, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
        assertThat(jobs.find(json(malformed).get("id").asText()).orElseThrow().traceContext()).isEmpty();
    }

    @Test
    void anIdempotentReplayAnswersWithTheJobsCurrentStatus() {
        String user = user();
        HttpRequest.Builder base = server.request("/jobs/echo").setHeader(TestServer.USER, user)
                .header("Content-Type", "application/json").header("Idempotency-Key", "replay-1");
        HttpResponse<String> first = server.send(base.copy().POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());
        String id = json(first).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(id).orElseThrow().status() == JobStatus.COMPLETED);

        HttpResponse<String> replay = server.send(base.copy().POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());

        assertThat(json(first).get("status").asText()).isEqualTo("Pending");
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(json(replay).get("id").asText()).isEqualTo(id);
        assertThat(json(replay).get("status").asText()).isEqualTo("Completed");
    }

    @Test
    void concurrentDuplicatesWithOneIdempotencyKeyCreateOneJob() throws Exception {
        String user = user();
        int callers = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.send(server.request("/jobs/echo").setHeader(TestServer.USER, user)
                            .header("Content-Type", "application/json").header("Idempotency-Key", "same")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":7}")).build());
                }));
            }
            go.countDown();
            Set<String> ids = new java.util.HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
                ids.add(json(answer.get()).get("id").asText());
            }
            assertThat(ids).hasSize(1);
            assertThat(jobsOf(user)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void returns404ForAnotherPrincipalsJobIdenticalToAnUnknownId() {
        String id = json(post("owner-" + UUID.randomUUID(), "/jobs/echo", "{}")).get("id").asText();
        String intruder = user();

        HttpResponse<String> foreign = get(intruder, "/jobs/" + id);
        HttpResponse<String> unknown = get(intruder, "/jobs/" + "0".repeat(32));
        HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(URI.create(server.root + "/jobs/" + id)).GET().build());
        HttpResponse<String> foreignDelete = server.send(server.request("/jobs/" + id).setHeader(TestServer.USER, intruder).DELETE().build());

        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body());
        assertThat(json(foreign).get("type").asText()).isEqualTo(ProblemType.JOB_NOT_FOUND.uri().toString());
        assertThat(anonymous.statusCode()).isEqualTo(404);
        assertThat(foreignDelete.statusCode()).isEqualTo(404);
        assertThat(jobs.find(id).orElseThrow().status()).isNotEqualTo(JobStatus.TERMINATED);
    }

    @Test
    void untrustedForwardedHeadersDoNotSteerLocation() {
        HttpResponse<String> response = server.send(server.request("/jobs/echo").setHeader(TestServer.USER, user())
                .header("Content-Type", "application/json").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https").header("Forwarded", "host=evil.example;proto=https")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith(server.root + "/jobs/"));
    }

    @Test
    void trustedProxyHeadersBuildThePublicUris() {
        try (AsyncJobs own = TestJobs.start();
             TestServer proxied = TestServer.withFilter(AsyncJobsHttp.builder(own).trustForwardedHeaders(true).build())) {
            HttpResponse<String> forwarded = proxied.send(proxied.request("/jobs/echo").header("Content-Type", "application/json")
                    .header("Forwarded", "for=192.0.2.1;proto=https;host=api.example.com")
                    .header("X-Forwarded-Prefix", "/gateway")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            HttpResponse<String> xForwarded = proxied.send(proxied.request("/jobs/echo").header("Content-Type", "application/json")
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com:8443")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            HttpResponse<String> hostile = proxied.send(proxied.request("/jobs/echo").header("Content-Type", "application/json")
                    .header("X-Forwarded-Host", "evil.example/path?x").header("X-Forwarded-Proto", "javascript")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

            String id = json(forwarded).get("id").asText();
            assertThat(forwarded.headers().firstValue("Location")).contains("https://api.example.com/gateway/jobs/" + id);
            assertThat(json(xForwarded).get("statusUri").asText()).startsWith("https://api.example.com:8443/jobs/");
            assertThat(json(hostile).get("statusUri").asText()).startsWith(proxied.root + "/jobs/");
        }
    }

    @Test
    void managementIsRoleGuardedAndPagesWithAContinuationToken() {
        String owner = user();
        for (int i = 0; i < 3; i++) {
            post(owner, "/jobs/echo", "{\"i\":" + i + "}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.query(JobQuery.builder().owner(owner)
                .statuses(JobStatus.COMPLETED).build()).jobs().size() == 3);

        HttpResponse<String> noRole = get(owner, "/jobs?owner=" + owner);
        assertThat(noRole.statusCode()).isEqualTo(404);
        assertThat(json(noRole).get("type").asText()).isEqualTo(ProblemType.RESOURCE_NOT_FOUND.uri().toString());

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            HttpResponse<String> page = server.send(server.request("/jobs?owner=" + owner + "&status=Completed&pageSize=2"
                    + (token == null ? "" : "&continuationToken=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .setHeader(TestServer.USER, "admin").header(TestServer.ROLES, "ops").GET().build());
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            body.get("jobs").forEach(job -> seen.add(job.get("id").asText()));
            token = body.has("continuationToken") ? body.get("continuationToken").asText() : null;
        } while (token != null);
        assertThat(seen).hasSize(3).doesNotHaveDuplicates();

        HttpResponse<String> purge = server.send(server.request("/jobs?status=Completed&finishedBefore=2999-01-01T00:00:00Z")
                .setHeader(TestServer.USER, "admin").header(TestServer.ROLES, "ops").DELETE().build());
        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(json(purge).get("purged").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(jobsOf(owner)).isZero();
    }

    @Test
    void managementIsNotFoundWhenDisabled() {
        try (AsyncJobs own = TestJobs.start();
             TestServer plain = TestServer.withFilter(AsyncJobsHttp.builder(own).build())) {
            HttpResponse<String> list = plain.send(plain.request("/jobs").header(TestServer.ROLES, "ops").GET().build());
            HttpResponse<String> purge = plain.send(plain.request("/jobs?finishedBefore=2999-01-01T00:00:00Z")
                    .header(TestServer.ROLES, "ops").DELETE().build());

            assertThat(list.statusCode()).isEqualTo(404);
            assertThat(purge.statusCode()).isEqualTo(404);
            assertThat(json(list).get("type").asText()).isEqualTo(ProblemType.RESOURCE_NOT_FOUND.uri().toString());
        }
    }

    @Test
    void saturatedEngineAnswers503WithRetryAfterAndStoresNothing() {
        String gate = UUID.randomUUID().toString();
        try (AsyncJobs small = TestJobs.builder().workers(1).queueCapacity(0).build();
             TestServer busy = TestServer.withFilter(AsyncJobsHttp.builder(small).build())) {
            HttpResponse<String> first = busy.postJson("/jobs/gated", "{\"gate\":\"" + gate + "\"}");
            assertThat(first.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> small.find(json(first).get("id").asText())
                    .orElseThrow().status() == JobStatus.RUNNING);

            HttpResponse<String> rejected = busy.postJson("/jobs/echo", "{}");

            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(rejected.headers().firstValue("Retry-After")).contains("2");
            assertThat(json(rejected).get("type").asText()).isEqualTo(ProblemType.SERVICE_SATURATED.uri().toString());
            assertThat(small.query(JobQuery.builder().type("echo").build()).jobs()).isEmpty();
        } finally {
            TestJobs.open(gate);
        }
    }

    @Test
    void passesEveryOtherRequestDownTheChain() {
        HttpResponse<String> other = get(user(), "/health?x=1");
        HttpResponse<String> prefixOnly = get(user(), "/jobsx/echo");

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("downstream GET /health");
        assertThat(prefixOnly.body()).isEqualTo("downstream GET /jobsx/echo");
    }

    @Test
    void seeOtherProfileRedirectsACompletedJobToItsResult() {
        try (AsyncJobs own = TestJobs.start();
             TestServer redirecting = TestServer.withFilter(AsyncJobsHttp.builder(own)
                     .defaultRenderer(ResponseRenderer.seeOtherWhenCompleted()).build())) {
            String id = json(redirecting.postJson("/jobs/echo", "{\"r\":5}")).get("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> own.find(id).orElseThrow().status() == JobStatus.COMPLETED);

            HttpResponse<String> status = redirecting.get("/jobs/" + id);

            assertThat(status.statusCode()).isEqualTo(303);
            assertThat(status.headers().firstValue("Location")).contains(redirecting.root + "/jobs/" + id + "/result");
            assertThat(json(redirecting.get("/jobs/" + id + "/result")).get("r").asInt()).isEqualTo(5);
        }
    }

    private static int jobsOf(String owner) {
        return jobs.query(JobQuery.builder().owner(owner).build()).jobs().size();
    }

    static Set<String> headerNames(HttpResponse<?> response) {
        return response.headers().map().keySet().stream().map(String::toLowerCase).collect(Collectors.toSet());
    }
}
