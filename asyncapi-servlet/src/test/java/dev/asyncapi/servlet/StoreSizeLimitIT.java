package dev.asyncapi.servlet;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store with a size limit behind the HTTP layer: its {@code 413} says what was too large, the input at a submit or
 * the job itself at a terminate.
 */
class StoreSizeLimitIT {

    private final LimitedStore store = new LimitedStore();
    private AsyncJobs jobs;
    private TestServer server;

    @BeforeEach
    void start() {
        jobs = TestJobs.builder().store(store).build();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).build());
    }

    @AfterEach
    void stop() {
        server.close();
        jobs.close();
    }

    @Test
    void aSubmitTheStoreCannotHoldAnswers413ForTheInput() {
        HttpResponse<String> response = server.postJson("/jobs/echo", "{\"pad\":\"" + "x".repeat(200) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = TestServer.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE.uri().toString());
        assertThat(problem.get("detail").asText()).isEqualTo("The input is too large to store.");
    }

    @Test
    void aTerminateTheStoreCannotHoldAnswers413ForTheJobAndLeavesItRunning() throws Exception {
        String gate = UUID.randomUUID().toString();
        String id = TestServer.json(server.postJson("/jobs/gated", "{\"gate\":\"" + gate + "\"}")).get("id").asText();
        store.refuseTerminated = true;

        HttpResponse<String> response = server.send(server.request("/jobs/" + id).DELETE().build());

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = TestServer.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE.uri().toString());
        assertThat(problem.get("detail").asText())
                .isEqualTo("The job is at its store's size limit, so its termination cannot be recorded;"
                        + " it was not terminated.");
        assertConformsToTheDocument(response);
        assertThat(jobs.find(id).orElseThrow().status()).isNotEqualTo(JobStatus.TERMINATED);

        TestJobs.open(gate);
        assertThat(jobs.await(id, Duration.ofSeconds(10)).status()).isEqualTo(JobStatus.COMPLETED);
    }

    private static void assertConformsToTheDocument(HttpResponse<String> response) throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(Files.readString(Path.of("..", "docs", "openapi.yaml"))).build();
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);
        ValidationReport report = validator.validateResponse(response.request().uri().getRawPath(),
                Request.Method.valueOf(response.request().method()), answer.build());
        assertThat(report.getMessages()).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
    }

    /**
     * The in-memory store with a size limit: it refuses an input over 100 characters, and, once
     * {@link #refuseTerminated} is set, every Terminated snapshot, as a store does for a job already at its limit.
     */
    private static final class LimitedStore extends ForwardingJobStore {
        volatile boolean refuseTerminated;

        LimitedStore() {
            super(new InMemoryJobStore());
        }

        @Override
        protected void before(Call call, Job job) {
            if (call == Call.CREATE && job.inputJson().length() > 100) {
                throw new PayloadTooLargeException("the input of job " + job.id() + " is over 100 characters");
            }
            if (call == Call.UPDATE && refuseTerminated && job.status() == JobStatus.TERMINATED) {
                throw new PayloadTooLargeException("job " + job.id() + " is at the store's limit");
            }
        }
    }
}
