package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.RetryPolicy;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/getting-started.md, run. */
class GettingStartedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // tag::getting-started-handler[]
    record CountRequest(String start, String end) {}

    AsyncJobs jobs = AsyncJobs.builder()
            .register(JobDefinition.builder("count", CountRequest.class, Long.class, (input, ctx) -> {
                        ctx.reportProgress(Map.of("step", 1));          // shown by status reads while Running
                        if (ctx.isTerminationRequested()) {             // DELETE /jobs/{id}, or a timeout
                            throw new InterruptedException();
                        }
                        return count(input);
                    })
                    .timeout(Duration.ofMinutes(10))                   // default: none
                    .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())   // default: no retries
                    .build())
            .build();                                                   // in-memory store, default workers
    // end::getting-started-handler[]

    private Server server;

    static long count(CountRequest input) {
        return ChronoUnit.DAYS.between(LocalDate.parse(input.start()), LocalDate.parse(input.end())) + 1;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        jobs.close();
    }

    @Test
    void theHandlerRunsAndItsOutputIsBound() throws Exception {
        Job job = jobs.submit("count", new CountRequest("2021-08-01", "2021-08-31"));

        Job done = jobs.await(job.id(), Duration.ofSeconds(30));

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Long.class)).contains(31L);
    }

    @Test
    void jettyServesTheDefaultRoutesAndPassesTheRestOfTheServiceOn() throws Exception {
        // tag::getting-started-http[]
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).build();   // default routes under /jobs
        // end::getting-started-http[]
        server = JobsServer.start(jobs, http, 0);
        URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());

        HttpResponse<String> accepted = Http.postJson(base.resolve("/jobs/count"),
                "{\"start\":\"2021-08-01\",\"end\":\"2021-08-10\"}");
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Retry-After")).isPresent();
        assertThat(accepted.headers().firstValue("Server")).isEmpty();
        URI status = URI.create(accepted.headers().firstValue("Location").orElseThrow());
        assertThat(body.path("statusUri").asText()).isEqualTo(status.toString());
        assertThat(body.has("id")).isTrue();
        assertThat(body.has("status")).isTrue();

        HttpResponse<String> finished = Http.get(URI.create(status + "?wait=30"));
        assertThat(JSON.readTree(finished.body()).path("status").asText()).isEqualTo("Completed");
        HttpResponse<String> result = Http.get(URI.create(status + "/result"));
        assertThat(result.body()).isEqualTo("10");

        HttpResponse<String> other = Http.get(base.resolve("/reports"));
        assertThat(other.body()).isEqualTo("the rest of the service: /reports");

        server.stop();
        assertThatThrownBy(() -> jobs.submit("count", new CountRequest("2021-08-01", "2021-08-02")))
                .as("stopping Jetty closed the engine")
                .isInstanceOf(JobRejectedException.class);
    }

    @Test
    void theListenerAndTheInitParamsServeTheEngine() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new JobsListener());
        FilterHolder filter = new FilterHolder(AsyncJobsFilter.class);      // what the web.xml of the guide declares
        filter.setAsyncSupported(true);
        filter.setInitParameter("base-path", "/jobs");
        filter.setInitParameter("retry-after-seconds", "2");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        HttpResponse<String> accepted = Http.postJson(base.resolve("/jobs/count"),
                "{\"start\":\"2021-08-01\",\"end\":\"2021-08-02\"}");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Retry-After")).contains("2");
        URI status = URI.create(accepted.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> finished = Http.get(URI.create(status + "?wait=30"));
        assertThat(JSON.readTree(finished.body()).path("status").asText()).isEqualTo("Completed");
    }
}
