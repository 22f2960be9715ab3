package dev.asyncapi.servlet;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncDefaultPollingStrategy;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.TypeReference;
import dev.asyncapi.core.AsyncJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Azure LRO profile driven by the real azure-core SyncPoller with its default polling strategy. */
class AzureLroPollerIT {

    private static final TypeReference<BinaryData> BINARY = TypeReference.createInstance(BinaryData.class);
    private static AsyncJobs jobs;
    private static TestServer server;
    private static HttpPipeline pipeline;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).retryAfter(Duration.ofSeconds(1))
                .defaultRenderer(ResponseRenderer.azureLongRunningOperation()).build());
        pipeline = new HttpPipelineBuilder().httpClient(new NettyAsyncHttpClientBuilder().build()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static SyncPoller<BinaryData, BinaryData> begin(String type, String input) {
        return SyncPoller.createPoller(Duration.ofMillis(200), () -> submit(type, input),
                new SyncDefaultPollingStrategy<>(pipeline), BINARY, BINARY);
    }

    private static Response<?> submit(String type, String input) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, server.root + "/jobs/" + type)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(input);
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            BinaryData body = BinaryData.fromBytes(response.getBodyAsBinaryData().toBytes());
            return new SimpleResponse<>(request, response.getStatusCode(), response.getHeaders(), body);
        }
    }

    @Test
    void syncPollerDrivesAJobToCompletionAndFetchesTheResult() {
        SyncPoller<BinaryData, BinaryData> poller = begin("echo", "{\"answer\":42}");

        PollResponse<BinaryData> last = poller.waitForCompletion(Duration.ofSeconds(30));

        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
        assertThat(poller.getFinalResult().toString()).isEqualTo("{\"answer\":42}");
    }

    @Test
    void syncPollerSeesAFailedJobAsFailed() {
        SyncPoller<BinaryData, BinaryData> poller = begin("fail", "{}");

        PollResponse<BinaryData> last = poller.waitForCompletion(Duration.ofSeconds(30));

        assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
    }

    @Test
    void initialAnswerCarriesOperationLocationAndLocation() {
        Response<?> initial = submit("echo", "{}");

        assertThat(initial.getStatusCode()).isEqualTo(202);
        String operation = initial.getHeaders().getValue(HttpHeaderName.fromString("Operation-Location"));
        assertThat(operation).startsWith(server.root + "/jobs/");
        assertThat(initial.getHeaders().getValue(HttpHeaderName.LOCATION)).isEqualTo(operation + "/result");
        assertThat(((BinaryData) initial.getValue()).toString()).contains("\"status\":\"NotStarted\"");
        java.net.http.HttpResponse<String> monitor = server.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(operation + "?wait=10")).GET().build());
        assertThat(monitor.body()).contains("\"status\":\"Succeeded\"")
                .contains("\"resourceLocation\":\"" + operation + "/result\"");
    }
}
