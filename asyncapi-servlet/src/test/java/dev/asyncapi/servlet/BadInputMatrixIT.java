package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests: each gets its precise status and problem type, no stack trace, and
 * afterwards no job was created and the server still serves.
 */
class BadInputMatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 16 * 1024;
    private static AsyncJobs jobs;
    private static TestServer server;
    private static String victimsJob;
    private static String malloryKeyedJob;

    record Case(String name, HttpRequest request, int status, ProblemType type) {
    }

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = TestServer.withFilterAndLenientUris(AsyncJobsHttp.builder(jobs).maxBodyBytes(LIMIT).build());
        victimsJob = json(server.send(as("victim", "/jobs/echo").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"secret\":1}")).build())).get("id").asText();
        malloryKeyedJob = json(server.send(as("mallory", "/jobs/echo").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k1").POST(BodyPublishers.ofString("{\"a\":1}")).build())).get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static HttpRequest.Builder as(String user, String path) {
        return server.request(path).setHeader(TestServer.USER, user);
    }

    private static HttpRequest.Builder mallory(String path) {
        return as("mallory", path);
    }

    private static HttpRequest postJson(String path, String body) {
        return mallory(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = mallory(path).POST(BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b.build();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static List<Case> cases() {
        String big = "{\"pad\":\"" + "x".repeat(LIMIT) + "\"}";
        String deep = "[".repeat(3000) + "]".repeat(3000);
        List<Case> c = new ArrayList<>();
        c.add(new Case("truncated JSON", postJson("/jobs/echo", "{\"a\":"), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("not JSON at all", postJson("/jobs/echo", "hello"), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("trailing data", postJson("/jobs/echo", "{} {}"), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("duplicate names", postJson("/jobs/echo", "{\"a\":1,\"a\":2}"), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("empty body", postJson("/jobs/echo", ""), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("nesting bomb", postJson("/jobs/echo", deep), 400, ProblemType.MALFORMED_JSON));
        c.add(new Case("body over the limit", postJson("/jobs/echo", big), 413, ProblemType.PAYLOAD_TOO_LARGE));
        c.add(new Case("chunked body over the limit", mallory("/jobs/echo").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build(),
                413, ProblemType.PAYLOAD_TOO_LARGE));
        c.add(new Case("invalid UTF-8", post("/jobs/echo", "application/json", new byte[]{'{', '"', (byte) 0xC3, '"', ':', '1', '}'}),
                400, ProblemType.INVALID_REQUEST));
        c.add(new Case("text/plain", post("/jobs/echo", "text/plain", "{}".getBytes()), 415, ProblemType.UNSUPPORTED_MEDIA_TYPE));
        c.add(new Case("no content type", post("/jobs/echo", null, "{}".getBytes()), 415, ProblemType.UNSUPPORTED_MEDIA_TYPE));
        c.add(new Case("latin-1 JSON", post("/jobs/echo", "application/json; charset=iso-8859-1", "{}".getBytes()),
                415, ProblemType.UNSUPPORTED_MEDIA_TYPE));
        c.add(new Case("form post", post("/jobs/echo", "application/x-www-form-urlencoded", "a=1".getBytes()),
                415, ProblemType.UNSUPPORTED_MEDIA_TYPE));
        c.add(new Case("unknown job type", postJson("/jobs/nope", "{}"), 404, ProblemType.UNKNOWN_JOB_TYPE));
        c.add(new Case("input of the wrong shape", postJson("/jobs/typed", "{\"count\":\"many\"}"), 400, ProblemType.INVALID_INPUT));
        c.add(new Case("id with odd characters", mallory("/jobs/abc!def").GET().build(), 404, ProblemType.JOB_NOT_FOUND));
        c.add(new Case("id too long", mallory("/jobs/" + "a".repeat(65)).GET().build(), 404, ProblemType.JOB_NOT_FOUND));
        c.add(new Case("encoded dot-dot id", mallory("/jobs/%2e%2e").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("encoded slash in id", mallory("/jobs/a%2Fb").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("encoded backslash in id", mallory("/jobs/a%5Cb").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("invalid UTF-8 in id", mallory("/jobs/a%C3%28b").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("dot segments", mallory("/jobs/../jobs/x/..").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("path too deep", mallory("/jobs/a/b/c").GET().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("malformed id on delete", mallory("/jobs/%2e%2e%2fx").DELETE().build(), 404, ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("PUT on a job", mallory("/jobs/echo").PUT(BodyPublishers.ofString("{}")).build(), 405,
                ProblemType.METHOD_NOT_ALLOWED));
        c.add(new Case("POST to a result", postJson("/jobs/" + victimsJob + "/result", "{}"), 405, ProblemType.METHOD_NOT_ALLOWED));
        c.add(new Case("management while off", mallory("/jobs").header(TestServer.ROLES, "ops").GET().build(), 404,
                ProblemType.RESOURCE_NOT_FOUND));
        c.add(new Case("wait not a number", mallory("/jobs/" + malloryKeyedJob + "?wait=soon").GET().build(), 400,
                ProblemType.INVALID_REQUEST));
        c.add(new Case("negative wait", mallory("/jobs/" + malloryKeyedJob + "?wait=-5").GET().build(), 400,
                ProblemType.INVALID_REQUEST));
        c.add(new Case("wait in exponent form", mallory("/jobs/" + malloryKeyedJob + "?wait=1e3").GET().build(), 400,
                ProblemType.INVALID_REQUEST));
        c.add(new Case("idempotency key too long", mallory("/jobs/echo").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k".repeat(300)).POST(BodyPublishers.ofString("{}")).build(), 400,
                ProblemType.INVALID_REQUEST));
        c.add(new Case("two idempotency keys", mallory("/jobs/echo").header("Content-Type", "application/json")
                .header("Idempotency-Key", "a").header("Idempotency-Key", "b").POST(BodyPublishers.ofString("{}")).build(),
                400, ProblemType.INVALID_REQUEST));
        c.add(new Case("repeated idempotency key, other payload", mallory("/jobs/echo").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k1").POST(BodyPublishers.ofString("{\"a\":2}")).build(), 422,
                ProblemType.IDEMPOTENCY_CONFLICT));
        c.add(new Case("repeated idempotency key, other type", mallory("/jobs/typed").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k1").POST(BodyPublishers.ofString("{\"count\":1}")).build(), 422,
                ProblemType.IDEMPOTENCY_CONFLICT));
        c.add(new Case("another principal's status", mallory("/jobs/" + victimsJob).GET().build(), 404, ProblemType.JOB_NOT_FOUND));
        c.add(new Case("another principal's long poll", mallory("/jobs/" + victimsJob + "?wait=5").GET().build(), 404,
                ProblemType.JOB_NOT_FOUND));
        c.add(new Case("another principal's result", mallory("/jobs/" + victimsJob + "/result").GET().build(), 404,
                ProblemType.JOB_NOT_FOUND));
        c.add(new Case("another principal's termination", mallory("/jobs/" + victimsJob).DELETE().build(), 404,
                ProblemType.JOB_NOT_FOUND));
        c.add(new Case("no principal, victim's id", server.request("/jobs/" + victimsJob).setHeader(TestServer.USER, "")
                .GET().build(), 404, ProblemType.JOB_NOT_FOUND));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> eachHostileRequestGetsItsProblemAndCreatesNothing() {
        int before = allJobs();
        List<DynamicTest> tests = new ArrayList<>();
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                HttpResponse<String> response = server.send(c.request());
                assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
                assertThat(response.headers().firstValue("Content-Type")).as(c.name())
                        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
                JsonNode problem = json(response);
                assertThat(problem.get("type").asText()).as(c.name()).isEqualTo(c.type().uri().toString());
                assertThat(problem.get("status").asInt()).isEqualTo(c.status());
                assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
                if (c.status() == 405) {
                    assertThat(response.headers().firstValue("Allow")).as(c.name()).isPresent();
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("no job was created and the server still serves", () -> {
            assertThat(allJobs()).isEqualTo(before);
            assertThat(jobs.find(victimsJob)).isPresent();
            HttpResponse<String> ok = server.send(postJson("/jobs/echo", "{\"still\":\"serving\"}"));
            assertThat(ok.statusCode()).isEqualTo(202);
            String id = json(ok).get("id").asText();
            HttpResponse<String> done = server.send(mallory("/jobs/" + id + "?wait=10").GET().build());
            assertThat(json(done).get("result").get("still").asText()).isEqualTo("serving");
        }));
        return tests.stream();
    }

    private static int allJobs() {
        return jobs.query(JobQuery.builder().pageSize(JobQuery.MAX_PAGE_SIZE).build()).jobs().size();
    }
}
