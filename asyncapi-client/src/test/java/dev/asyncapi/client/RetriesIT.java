package dev.asyncapi.client;

import dev.asyncapi.client.Recorder.Seen;
import dev.asyncapi.client.TestJobs.Count;
import dev.asyncapi.client.TestJobs.Counted;
import dev.asyncapi.client.TestJobs.Gated;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Network errors and 503s: what is retried, with which key, after how long, and when the client gives up. */
class RetriesIT {

    private static final long TIMEOUT_SECONDS = 30;
    /** Short backoff, so that only a Retry-After can explain a long pause. */
    private static final RetryPolicy QUICK = RetryPolicy.builder().maxAttempts(4)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();

    private AsyncJobs jobs;

    @BeforeEach
    void startEngine() {
        jobs = TestJobs.start();
    }

    @AfterEach
    void stopEngine() {
        jobs.close();
    }

    private int jobCount() {
        return jobs.query(JobQuery.builder().build()).jobs().size();
    }

    private static AsyncJobsClient.Builder client(URI jobsUri) {
        return AsyncJobsClient.builder(jobsUri).header(JettyServer.USER, "alice");
    }

    /** Answers the first {@code times} submits 503 with {@code Retry-After: retryAfter} and a problem body. */
    private static Filter unavailable(int times, String retryAfter) {
        AtomicInteger left = new AtomicInteger(times);
        return (ServletRequest request, ServletResponse response, FilterChain chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            if (http.getMethod().equals("POST") && left.getAndDecrement() > 0) {
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setStatus(503);
                answer.setHeader("Retry-After", retryAfter);
                answer.setContentType("application/problem+json");
                answer.getOutputStream().write(("{\"type\":\"https://asyncapi.dev/problems/saturated\","
                        + "\"title\":\"Service saturated\",\"status\":503,\"detail\":\"try later\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            chain.doFilter(request, response);
        };
    }

    @Test
    void aSubmitWhoseAnswerIsLostIsSentAgainWithTheSameKeyAndCreatesOneJob() throws Exception {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build());
             LoopbackProxy proxy = new LoopbackProxy(server.port())) {
            AsyncJobsClient client = client(URI.create(proxy.root() + "/jobs")).retryPolicy(QUICK).build();
            proxy.loseNextAnswers(1);

            JobHandle handle = client.submit("count", new Count(1));

            assertThat(proxy.answersLost()).as("the first answer never reached the client").isEqualTo(1);
            List<Seen> submits = server.recorder.all(Seen::isSubmit);
            assertThat(submits).as("the server got the submit twice").hasSize(2);
            assertThat(submits.get(1).idempotencyKey()).isNotBlank().isEqualTo(submits.get(0).idempotencyKey());
            assertThat(jobCount()).as("one job for both").isEqualTo(1);
            assertThat(jobs.find(handle.id())).isPresent();
            assertThat(client.awaitResult(handle, Counted.class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).count())
                    .isEqualTo(2);
        }
    }

    @Test
    void twoSubmitsOfTheSameInputAreTwoJobs() {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build())) {
            AsyncJobsClient client = client(server.jobs()).build();

            JobHandle first = client.submit("count", new Count(1));
            JobHandle second = client.submit("count", new Count(1));

            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(jobCount()).isEqualTo(2);
        }
    }

    @Test
    void a503WithRetryAfterIsRetriedNoSoonerThanAsked() {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build(), unavailable(2, "1"))) {
            AsyncJobsClient client = client(server.jobs()).retryPolicy(QUICK).build();

            JobHandle handle = client.submit("count", new Count(1));

            List<Seen> submits = server.recorder.all(Seen::isSubmit);
            assertThat(submits).as("two refused, the third passed").hasSize(3);
            for (int i = 1; i < submits.size(); i++) {
                assertThat(Duration.ofNanos(submits.get(i).nanos() - submits.get(i - 1).nanos()))
                        .as("pause before attempt %d (Retry-After: 1)", i + 1)
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
            assertThat(submits).extracting(Seen::idempotencyKey).containsOnly(submits.get(0).idempotencyKey());
            assertThat(jobCount()).isEqualTo(1);
            assertThat(jobs.find(handle.id())).isPresent();
        }
    }

    @Test
    void a503OnEveryAttemptEndsInServiceUnavailable() {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build(),
                unavailable(Integer.MAX_VALUE, "0"))) {
            AsyncJobsClient client = client(server.jobs())
                    .retryPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build())
                    .build();

            assertThatThrownBy(() -> client.submit("count", new Count(1)))
                    .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.retryAfter()).contains(Duration.ZERO);
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.type()).hasToString("https://asyncapi.dev/problems/saturated");
                        assertThat(e.title()).isEqualTo("Service saturated");
                        assertThat(e.detail()).isEqualTo("try later");
                    });
            assertThat(server.recorder.all(Seen::isSubmit)).hasSize(3);
            assertThat(jobCount()).isZero();
        }
    }

    @Test
    void aRetryAfterLongerThanThePolicyWaitsEndsAtOnce() {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build(), unavailable(1, "120"))) {
            AsyncJobsClient client = client(server.jobs()).build();

            assertThatThrownBy(() -> client.submit("count", new Count(1)))
                    .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                    });
            assertThat(server.recorder.all(Seen::isSubmit)).hasSize(1);
        }
    }

    @Test
    void aRefusedConnectionEndsInTransportExceptionAfterTheAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AsyncJobsClient client = AsyncJobsClient.builder(URI.create("http://127.0.0.1:" + closedPort + "/jobs"))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build())
                .build();

        assertThatThrownBy(() -> client.submit("count", new Count(1)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("POST http://127.0.0.1:" + closedPort + "/jobs/count");
                })
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void aBrokenEventStreamIsReopenedWhereItLeftOff() throws Exception {
        try (JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build());
             LoopbackProxy proxy = new LoopbackProxy(server.port())) {
            AsyncJobsClient client = client(URI.create(proxy.root() + "/jobs")).retryPolicy(QUICK)
                    .waiting(Waiting.eventStream()).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 10));
            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            // the stream's first event (the status, ended by a blank line) went down to the client
            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                    .until(() -> proxy.downstream().matches("(?s).*event: status\r?\ndata: [^\n]*\n\r?\n.*"));

            proxy.cutAll();
            Seen reopened = get(server.recorder.nth(2, Seen::isEventStream));
            TestJobs.open(gate);

            assertThat(reopened.lastEventId()).as("resumed after the event it saw").isNotBlank();
            assertThat(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Counted(11, "gated"));
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
