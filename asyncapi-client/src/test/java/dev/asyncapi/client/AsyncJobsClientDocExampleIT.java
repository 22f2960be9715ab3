package dev.asyncapi.client;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example of docs/client.md, run against a real server that wants its bearer token. */
class AsyncJobsClientDocExampleIT {

    private static final String TOKEN = "t0k3n";

    private static AsyncJobs jobs;
    private static JettyServer server;

    /** The docs' example class, with the base URI as a parameter. */
    static final class Reports {

        record ReportRequest(int year, int month) {
        }

        record Report(int year, int month, long orders, String url) {
        }

        private final AsyncJobsClient client;

        Reports(URI base, Supplier<String> accessToken) {
            this.client = AsyncJobsClient.builder(base)
                    .header("Authorization", () -> "Bearer " + accessToken.get())
                    .requestTimeout(Duration.ofSeconds(20))
                    .waiting(Waiting.longPoll(Duration.ofSeconds(30)))
                    .build();
        }

        Report monthly(int year, int month) throws InterruptedException, TimeoutException {
            CompletableFuture<Report> report = client.run("monthly-report", new ReportRequest(year, month),
                    Report.class);
            try {
                return report.get(15, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                report.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof JobFailedException failed) {
                    throw new IllegalStateException("report failed: " + failed.code() + ": "
                            + failed.failureMessage());
                }
                if (cause instanceof JobTerminatedException) {
                    throw new IllegalStateException("report was cancelled");
                }
                if (cause instanceof InvalidInputException invalid) {
                    throw new IllegalArgumentException(invalid.detail());
                }
                if (cause instanceof ServiceUnavailableException busy) {
                    throw new IllegalStateException("reports are busy, retry in " + busy.retryAfter().orElse(null));
                }
                if (cause instanceof TransportException network) {
                    throw new IllegalStateException("reports unreachable after " + network.attempts()
                            + " attempts");
                }
                throw new IllegalStateException(cause.getMessage(), cause);
            }
        }

        JobHandle start(int year, int month) {
            return client.submit("monthly-report", new ReportRequest(year, month));
        }

        JobStatus look(JobHandle handle) {
            return client.status(handle);
        }

        void stop(JobHandle handle) {
            client.terminate(handle);
        }
    }

    @BeforeAll
    static void start() {
        jobs = AsyncJobs.builder().register("monthly-report", Reports.ReportRequest.class, Reports.Report.class,
                (input, ctx) -> {
                    if (input.month() < 1 || input.month() > 12) {
                        throw new dev.asyncapi.core.JobFailedException("InvalidMonth",
                                "month must be 1 to 12, was " + input.month());
                    }
                    return new Reports.Report(input.year(), input.month(), 1234,
                            "https://files.example.com/" + input.year() + "-" + input.month());
                }).shutdownTimeout(Duration.ofSeconds(1)).build();
        Filter bearer = (request, response, chain) -> {
            if (!("Bearer " + TOKEN).equals(((HttpServletRequest) request).getHeader("Authorization"))) {
                ((HttpServletResponse) response).sendError(401);
                return;
            }
            chain.doFilter(request, response);
        };
        server = JettyServer.start(AsyncJobsHttp.builder(jobs).build(), bearer);
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    @Test
    void theExampleGetsItsReport() throws Exception {
        Reports reports = new Reports(server.jobs(), () -> TOKEN);

        Reports.Report report = reports.monthly(2024, 5);

        assertThat(report).isEqualTo(new Reports.Report(2024, 5, 1234, "https://files.example.com/2024-5"));
    }

    @Test
    void theExampleReportsAFailureWithItsCode() {
        Reports reports = new Reports(server.jobs(), () -> TOKEN);

        assertThatThrownBy(() -> reports.monthly(2024, 13)).isInstanceOf(IllegalStateException.class)
                .hasMessage("report failed: InvalidMonth: month must be 1 to 12, was 13");
    }

    @Test
    void theExampleLooksAtAStartedJob() throws Exception {
        Reports reports = new Reports(server.jobs(), () -> TOKEN);
        JobHandle handle = reports.start(2024, 6);
        jobs.await(handle.id(), Duration.ofSeconds(30));

        assertThat(reports.look(handle).state()).isEqualTo(JobState.COMPLETED);
        assertThatThrownBy(() -> reports.stop(handle)).isInstanceOf(JobAlreadyTerminalException.class);
    }

    @Test
    void withoutTheTokenTheServersErrorIsAProblemException() {
        Reports reports = new Reports(server.jobs(), () -> "wrong");

        assertThatThrownBy(() -> reports.start(2024, 5)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }
}
