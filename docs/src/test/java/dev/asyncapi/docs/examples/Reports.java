package dev.asyncapi.docs.examples;

// tag::client-reports[]
import dev.asyncapi.client.AsyncJobsClient;
import dev.asyncapi.client.InvalidInputException;
import dev.asyncapi.client.JobFailedException;
import dev.asyncapi.client.JobHandle;
import dev.asyncapi.client.JobStatus;
import dev.asyncapi.client.JobTerminatedException;
import dev.asyncapi.client.ServiceUnavailableException;
import dev.asyncapi.client.TransportException;
import dev.asyncapi.client.Waiting;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

public final class Reports {

    public record ReportRequest(int year, int month) {}
    public record Report(int year, int month, long orders, String url) {}

    private final AsyncJobsClient client;

    /** {@code base}: the service's base path, e.g. {@code https://reports.example.com/jobs}. */
    public Reports(URI base, Supplier<String> accessToken) {
        // one client per endpoint: immutable, thread-safe, holds no threads of its own
        this.client = AsyncJobsClient.builder(base)
                .header("Authorization", () -> "Bearer " + accessToken.get())  // asked again on every request
                .requestTimeout(Duration.ofSeconds(20))
                .waiting(Waiting.longPoll(Duration.ofSeconds(30)))           // the default
                .build();
    }

    /** Submits, waits, and returns the report; fails with a message a user can act on. */
    public Report monthly(int year, int month) throws InterruptedException, TimeoutException {
        CompletableFuture<Report> report = client.run("monthly-report", new ReportRequest(year, month), Report.class);
        try {
            return report.get(15, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            report.cancel(true);            // stops waiting; the job runs on (see terminateOnCancel)
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JobFailedException failed) {
                // the handler's failure, as the server recorded it: a stable code and a message
                throw new IllegalStateException("report failed: " + failed.code() + ": " + failed.failureMessage());
            }
            if (cause instanceof JobTerminatedException) {
                throw new IllegalStateException("report was cancelled");
            }
            if (cause instanceof InvalidInputException invalid) {
                throw new IllegalArgumentException(invalid.detail());
            }
            if (cause instanceof ServiceUnavailableException busy) {
                // 503 on every attempt; the server's last Retry-After, if any, says when to come back
                throw new IllegalStateException("reports are busy, retry in " + busy.retryAfter().orElse(null));
            }
            if (cause instanceof TransportException network) {
                throw new IllegalStateException("reports unreachable after " + network.attempts() + " attempts");
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Submits only: store handle.id() and handle.statusUri() to look at the job later, from anywhere. */
    public JobHandle start(int year, int month) {
        return client.submit("monthly-report", new ReportRequest(year, month));
    }

    public JobStatus look(JobHandle handle) {
        return client.status(handle);       // state, progress, result or failure
    }

    public void stop(JobHandle handle) {
        client.terminate(handle);
    }
}
// end::client-reports[]
