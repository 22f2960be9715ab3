package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.client.Recorder.Seen;
import dev.asyncapi.client.TestJobs.Count;
import dev.asyncapi.client.TestJobs.Counted;
import dev.asyncapi.client.TestJobs.Gated;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.ResponseRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client in the Azure LRO profile against a server rendering {@code azureLongRunningOperation()}. */
class AzureLroProfileIT {

    private static final long TIMEOUT_SECONDS = 30;

    private static AsyncJobs jobs;
    private static JettyServer server;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = JettyServer.start(AsyncJobsHttp.builder(jobs).retryAfter(Duration.ofSeconds(1))
                .defaultRenderer(ResponseRenderer.azureLongRunningOperation()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static AsyncJobsClient client(Waiting waiting) {
        return AsyncJobsClient.builder(server.jobs()).profile(ApiProfile.AZURE_LRO).waiting(waiting)
                .header(JettyServer.USER, "alice").build();
    }

    @Test
    void theHandleIsTheOperationLocation() {
        JobHandle handle = client(Waiting.longPoll()).submit("count", new Count(1));

        assertThat(handle.statusUri()).isEqualTo(server.jobs().resolve("jobs/" + handle.id()));
        assertThat(handle.id()).matches("[0-9a-f]{32}");
    }

    @Test
    void runFollowsTheMonitorToSucceededAndReadsTheResourceLocation() throws Exception {
        for (Waiting waiting : List.of(Waiting.longPoll(), Waiting.eventStream(), Waiting.polling())) {
            AsyncJobsClient client = client(waiting);
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 20));
            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            server.recorder.first(s -> s.isStatusRead() && s.jobId().equals(handle.id()))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            TestJobs.open(gate);

            assertThat(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(waiting.toString())
                    .isEqualTo(new Counted(21, "gated"));
            assertThat(server.recorder.all(s -> s.method().equals("GET")
                    && s.path().equals("/jobs/" + handle.id() + "/result"))).as("the result read").hasSize(1);
        }
    }

    @Test
    void statesMapOntoTheAzureNames() throws Exception {
        AsyncJobsClient client = client(Waiting.longPoll());
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 0));
        assertThat(client.status(handle).state()).isIn(JobState.PENDING, JobState.RUNNING);
        TestJobs.open(gate);

        JobStatus succeeded = client.awaitTerminal(handle).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(succeeded.state()).isEqualTo(JobState.COMPLETED);
        assertThat(succeeded.result()).as("the Azure monitor carries no result").isEmpty();
    }

    @Test
    void aFailedOperationFailsTheFutureWithItsCodeAndMessage() {
        AsyncJobsClient client = client(Waiting.longPoll());

        assertThatThrownBy(() -> client.run("fail", Map.of(), JsonNode.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo("Boom");
                    assertThat(e.failureMessage()).isEqualTo("it failed on purpose");
                });
    }

    @Test
    void terminationIsCanceled() throws Exception {
        AsyncJobsClient client = client(Waiting.longPoll());
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 0));
        CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
        server.recorder.first(s -> s.isLongPoll() && s.jobId().equals(handle.id())).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        JobStatus canceled = client.terminate(handle);

        assertThat(canceled.state()).isEqualTo(JobState.TERMINATED);
        assertThat(canceled.failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("Terminated"));
        assertThatThrownBy(() -> result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).cause()
                .isInstanceOf(JobTerminatedException.class);
        assertThat(server.recorder.all(s -> s.method().equals("DELETE"))).extracting(Seen::path)
                .contains("/jobs/" + handle.id());
    }

    @Test
    void theStandardProfileAgainstAnAzureServerIsAnUnexpectedResponse() throws Exception {
        AsyncJobsClient standard = AsyncJobsClient.builder(server.jobs()).header(JettyServer.USER, "alice").build();
        JobHandle handle = standard.submit("count", new Count(1));
        jobs.await(handle.id(), Duration.ofSeconds(TIMEOUT_SECONDS));

        // the standard profile follows Location, which the Azure profile points at the result
        assertThat(handle.statusUri().getPath()).endsWith("/result");
        assertThatThrownBy(() -> standard.awaitResult(handle, Counted.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause().isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("no known status");
    }
}
