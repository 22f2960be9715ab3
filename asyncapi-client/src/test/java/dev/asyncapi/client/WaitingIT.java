package dev.asyncapi.client;

import dev.asyncapi.client.Recorder.Seen;
import dev.asyncapi.client.TestJobs.Counted;
import dev.asyncapi.client.TestJobs.Gated;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the ways of waiting cope with servers and networks that do not behave as the happy path does. */
class WaitingIT {

    private static final long TIMEOUT_SECONDS = 30;

    private static AsyncJobs jobs;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
    }

    @AfterAll
    static void stop() {
        jobs.close();
    }

    private static AsyncJobsClient.Builder client(URI jobsUri) {
        return AsyncJobsClient.builder(jobsUri).header(JettyServer.USER, "alice");
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aLongPollTheServerIgnoresFallsBackToPollingAtItsRetryAfter() throws Exception {
        Filter ignoresWait = (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public String getQueryString() {
                        return null;
                    }
                }, response);
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).retryAfter(Duration.ofSeconds(1))
                .build(), ignoresWait)) {
            AsyncJobsClient client = client(server.jobs()).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 30));

            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            get(server.recorder.nth(3, Seen::isStatusRead));
            TestJobs.open(gate);

            assertThat(get(result)).isEqualTo(new Counted(31, "gated"));
            List<Seen> reads = server.recorder.all(Seen::isStatusRead);
            for (int i = 1; i < reads.size(); i++) {
                assertThat(Duration.ofNanos(reads.get(i).nanos() - reads.get(i - 1).nanos()))
                        .as("pause before read %d of a long poll answered at once", i + 1)
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void keepAlivesHoldAQuietEventStreamOpenPastTheRequestTimeout() throws Exception {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).eventHeartbeat(Duration.ofSeconds(1))
                .build()); LoopbackProxy proxy = new LoopbackProxy(server.port())) {
            AsyncJobsClient client = client(URI.create(proxy.root() + "/jobs")).requestTimeout(Duration.ofSeconds(3))
                    .waiting(Waiting.eventStream()).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 40));
            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            get(server.recorder.first(Seen::isEventStream));

            // five keep-alives (one a second) outlast the 3 s request timeout
            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> proxy.timesDown(": keep-alive") >= 5);
            TestJobs.open(gate);

            assertThat(get(result)).isEqualTo(new Counted(41, "gated"));
            assertThat(server.recorder.all(Seen::isEventStream)).as("one stream throughout").hasSize(1);
        }
    }

    @Test
    void aSilentEventStreamIsReopenedWhereItLeftOff() throws Exception {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs)
                .eventHeartbeat(Duration.ofMinutes(10)).build())) {
            AsyncJobsClient client = client(server.jobs()).requestTimeout(Duration.ofSeconds(2))
                    .retryPolicy(RetryPolicy.builder().maxAttempts(1000)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build())
                    .waiting(Waiting.eventStream()).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 50));

            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            Seen reopened = get(server.recorder.nth(2, Seen::isEventStream));
            TestJobs.open(gate);

            assertThat(reopened.lastEventId()).as("resumed after the event it saw").isNotBlank();
            assertThat(get(result)).isEqualTo(new Counted(51, "gated"));
        }
    }

    @Test
    void anEventStreamThatStaysSilentEndsInTransportException() throws Exception {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs)
                .eventHeartbeat(Duration.ofMinutes(10)).build())) {
            AsyncJobsClient client = client(server.jobs()).requestTimeout(Duration.ofSeconds(1))
                    .retryPolicy(RetryPolicy.builder().maxAttempts(3)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build())
                    .waiting(Waiting.eventStream()).build();
            String gate = UUID.randomUUID().toString();
            // submitted with the default timeouts: only the waiting is under test, and a loaded machine may take
            // longer than the short timeout to answer a POST
            JobHandle handle = client(server.jobs()).build().submit("gated", new Gated(gate, 60));

            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);

            Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> get(result)).getCause();
            TestJobs.open(gate);
            assertThat(failure).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.attempts()).isEqualTo(3))
                    .hasCauseInstanceOf(java.net.http.HttpTimeoutException.class)
                    .hasMessageContaining("nothing arrived on the event stream");
            // three silent streams in a row (the ones resumed after the status event stay silent)
            assertThat(server.recorder.all(Seen::isEventStream)).hasSizeGreaterThanOrEqualTo(3);
        }
    }
}
