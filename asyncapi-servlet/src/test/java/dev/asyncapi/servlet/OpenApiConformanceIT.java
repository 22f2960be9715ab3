package dev.asyncapi.servlet;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real responses checked against docs/openapi.yaml with a real validator, so the document cannot drift. */
class OpenApiConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiInteractionValidator validator;
    private static AsyncJobs jobs;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        String spec = Files.readString(Path.of("..", "docs", "openapi.yaml"));
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
        jobs = TestJobs.start();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).maxBodyBytes(1024).enableManagement("ops").build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static void assertConforms(HttpResponse<String> response) {
        URI uri = response.request().uri();
        Request.Method method = Request.Method.valueOf(response.request().method());
        SimpleResponse.Builder b = SimpleResponse.Builder.status(response.statusCode());
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            b.withHeader(h.getKey(), h.getValue());
        }
        response.headers().firstValue("Content-Type").ifPresent(b::withContentType);
        if (!response.body().isEmpty()) {
            b.withBody(response.body());
        }
        ValidationReport report = validator.validateResponse(uri.getRawPath(), method, b.build());
        assertThat(report.getMessages()).as(method + " " + uri + " -> " + response.statusCode() + " " + response.body())
                .filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    private static String id(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("id").asText();
    }

    @Test
    void everyKindOfAnswerConformsToTheDocument() throws Exception {
        HttpResponse<String> accepted = server.postJson("/jobs/echo", "{\"a\":1}");
        String done = id(accepted);
        HttpResponse<String> completed = server.get("/jobs/" + done + "?wait=10");
        HttpResponse<String> failedSubmit = server.postJson("/jobs/fail", "{}");
        HttpResponse<String> failed = server.get("/jobs/" + id(failedSubmit) + "?wait=10");
        String gate = UUID.randomUUID().toString();
        String running = id(server.postJson("/jobs/gated", "{\"gate\":\"" + gate + "\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/jobs/" + running).body().contains("progress"));
        HttpResponse<String> inProgress = server.get("/jobs/" + running);
        HttpResponse<String> terminated = server.send(server.request("/jobs/" + running).DELETE().build());
        HttpResponse<String> terminal = server.send(server.request("/jobs/" + running).DELETE().build());
        TestJobs.open(gate);
        HttpResponse<String> preferred = server.send(server.request("/jobs/echo").header("Content-Type", "application/json")
                .header("Prefer", "respond-async, wait=10").POST(BodyPublishers.ofString("{}")).build());
        HttpRequest.Builder keyed = server.request("/jobs/echo").header("Content-Type", "application/json")
                .header("Idempotency-Key", "conformance");
        server.send(keyed.copy().POST(BodyPublishers.ofString("{\"k\":1}")).build());
        HttpResponse<String> conflict = server.send(keyed.copy().POST(BodyPublishers.ofString("{\"k\":2}")).build());

        List<HttpResponse<String>> answers = List.of(
                accepted, completed, failedSubmit, failed, inProgress, terminated, terminal, preferred, conflict,
                server.get("/jobs/" + done + "/result"),
                server.get("/jobs/" + running + "/result"),
                server.get("/jobs/" + "0".repeat(32)),
                server.get("/jobs/" + done + "?wait=x"),
                server.postJson("/jobs/echo", "{"),
                server.postJson("/jobs/echo", "[" + "1,".repeat(1000) + "1]"),
                server.send(server.request("/jobs/echo").header("Content-Type", "text/plain")
                        .POST(BodyPublishers.ofString("{}")).build()),
                server.postJson("/jobs/unknown-type", "{}"),
                server.send(server.request("/jobs?pageSize=2").header(TestServer.ROLES, "ops").GET().build()),
                server.send(server.request("/jobs").GET().build()),
                server.send(server.request("/jobs?finishedBefore=2000-01-01T00:00:00Z").header(TestServer.ROLES, "ops")
                        .DELETE().build()));

        assertThat(answers).extracting(HttpResponse::statusCode)
                .contains(200, 202, 400, 404, 409, 413, 415, 422);
        answers.forEach(OpenApiConformanceIT::assertConforms);
    }

    @Test
    void theValidatorRejectsAnAnswerThatBreaksTheDocument() {
        ValidationReport report = validator.validateResponse("/jobs/abc", Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json").withBody("{\"id\":\"abc\",\"state\":\"Done\"}")
                        .build());

        assertThat(report.hasErrors()).isTrue();
    }
}
