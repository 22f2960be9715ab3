package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobStatus;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Long polls hold no container thread: more concurrent waits than Jetty has threads all complete. */
class LongPollCapacityIT {

    private static final int JETTY_THREADS = 8;
    private static final int WAITERS = 40;

    @Test
    void moreConcurrentLongPollsThanContainerThreadsAllComplete() throws Exception {
        String gate = UUID.randomUUID().toString();
        try (AsyncJobs jobs = TestJobs.builder().workers(2).build();
             TestServer server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).build(), JETTY_THREADS)) {
            ObjectMapper json = new ObjectMapper();
            String id = json.readTree(server.postJson("/jobs/gated", "{\"gate\":\"" + gate + "\"}").body())
                    .get("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.find(id).orElseThrow().status() == JobStatus.RUNNING);

            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                polls.add(server.client.sendAsync(server.request("/jobs/" + id + "?wait=60").GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            QueuedThreadPool pool = (QueuedThreadPool) server.server.getThreadPool();
            assertThat(pool.getMaxThreads()).isLessThan(WAITERS);
            // While every wait is parked, the container still answers other requests.
            assertThat(server.get("/jobs/" + id).statusCode()).isEqualTo(200);
            assertThat(polls).noneMatch(CompletableFuture::isDone);

            TestJobs.open(gate);

            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                HttpResponse<String> response = poll.get();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("Completed");
            }
        } finally {
            TestJobs.open(gate);
        }
    }
}
