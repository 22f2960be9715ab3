package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncapi.client.ApiProfile;
import dev.asyncapi.client.AsyncJobsClient;
import dev.asyncapi.client.JobAlreadyTerminalException;
import dev.asyncapi.client.JobHandle;
import dev.asyncapi.client.JobState;
import dev.asyncapi.client.RetryPolicy;
import dev.asyncapi.client.TransportException;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobFailedException;
import dev.asyncapi.docs.examples.Reports.Report;
import dev.asyncapi.docs.examples.Reports.ReportRequest;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.ResponseRenderer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/client.md, run against a real server on loopback. */
class ClientTest {

    private AsyncJobs jobs;

    @BeforeEach
    void engine() {
        jobs = AsyncJobs.builder().register("monthly-report", ReportRequest.class, Report.class, (input, ctx) -> {
            if (input.month() < 1 || input.month() > 12) {
                throw new JobFailedException("InvalidMonth", "month must be 1 to 12, was " + input.month());
            }
            return new Report(input.year(), input.month(), 1234, "https://files.example.com/" + input.year()
                    + "-" + input.month());
        }).build();
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    @Test
    void reportsGetsItsReportAndNamesTheFailureOfABadOne() throws Exception {
        Server server = JobsServer.start(jobs, AsyncJobsHttp.builder(jobs).build(), 0);
        try {
            Reports reports = new Reports(base(server), () -> "token");

            assertThat(reports.monthly(2024, 5)).isEqualTo(new Report(2024, 5, 1234, "https://files.example.com/2024-5"));
            assertThatThrownBy(() -> reports.monthly(2024, 13)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("report failed: InvalidMonth: month must be 1 to 12, was 13");
            JobHandle handle = reports.start(2024, 6);
            jobs.await(handle.id(), Duration.ofSeconds(30));
            assertThat(reports.look(handle).state()).isEqualTo(JobState.COMPLETED);
            assertThatThrownBy(() -> reports.stop(handle)).isInstanceOf(JobAlreadyTerminalException.class);
        } finally {
            server.stop();
        }
    }

    @Test
    void theRetryPolicySendsSixAttemptsToAServerThatIsNotThere() throws Exception {
        URI base;
        try (ServerSocket free = new ServerSocket(0)) {
            base = URI.create("http://127.0.0.1:" + free.getLocalPort() + "/jobs");
        }

        // tag::client-retry-policy[]
        AsyncJobsClient client = AsyncJobsClient.builder(base)   // e.g. http://localhost:8080/jobs
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(6)
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                        .jitter(0.5)
                        .maxRetryAfter(Duration.ofSeconds(30))
                        .build())
                .build();
        // end::client-retry-policy[]

        assertThatThrownBy(() -> client.submit("monthly-report", new ReportRequest(2024, 5)))
                .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.attempts()).isEqualTo(6));
    }

    @Test
    void theAzureProfileReadsTheResultFromTheOperationsResourceLocation() throws Exception {
        Server server = JobsServer.start(jobs, AsyncJobsHttp.builder(jobs)
                .defaultRenderer(ResponseRenderer.azureLongRunningOperation()).build(), 0);
        try {
            URI base = base(server);

            // tag::client-azure-lro[]
            AsyncJobsClient client = AsyncJobsClient.builder(base)   // e.g. https://reports.example.com/jobs
                    .profile(ApiProfile.AZURE_LRO)
                    .build();
            Report report = client.run("monthly-report", new ReportRequest(2024, 5), Report.class).get();
            // end::client-azure-lro[]

            assertThat(report).isEqualTo(new Report(2024, 5, 1234, "https://files.example.com/2024-5"));
        } finally {
            server.stop();
        }
    }

    private static URI base(Server server) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/jobs");
    }
}
