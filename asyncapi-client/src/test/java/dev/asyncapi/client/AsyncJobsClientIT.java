package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.client.Recorder.Seen;
import dev.asyncapi.client.TestJobs.Count;
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
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against the real servlet filter and engine on embedded Jetty, standard profile. */
class AsyncJobsClientIT {

    private static final long TIMEOUT_SECONDS = 30;

    private static AsyncJobs jobs;
    private static JettyServer server;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = JettyServer.start(AsyncJobsHttp.builder(jobs).retryAfter(Duration.ofSeconds(1)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static AsyncJobsClient client(String user, Waiting waiting) {
        return AsyncJobsClient.builder(server.jobs()).header(JettyServer.USER, user).waiting(waiting).build();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(future));
        return failed.getCause();
    }

    private static List<Seen> statusReadsOf(String id) {
        return server.recorder.all(s -> s.isStatusRead() && s.jobId().equals(id));
    }

    // ---- happy paths, one per way of waiting

    @Test
    void runCompletesWithTheTypedResult() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.longPoll());

        Counted counted = get(client.run("count", new Count(41), Counted.class));

        assertThat(counted).isEqualTo(new Counted(42, "counted"));
    }

    @Test
    void longPollWaitsInOneHeldRequestUntilTheJobEnds() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.longPoll(Duration.ofSeconds(20)));
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 1));

        CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
        Seen poll = get(server.recorder.first(s -> s.isLongPoll() && s.jobId().equals(handle.id())));
        assertThat(poll.query()).isEqualTo("wait=20");
        assertThat(result).isNotDone();
        TestJobs.open(gate);

        assertThat(get(result)).isEqualTo(new Counted(2, "gated"));
        assertThat(statusReadsOf(handle.id())).as("one long poll, answered when the job ended").hasSize(1);
    }

    @Test
    void eventStreamCompletesOnTheFinalEventOfOneStream() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.eventStream());
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 2));

        CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
        get(server.recorder.first(s -> s.isEventStream() && s.jobId().equals(handle.id())));
        assertThat(result).isNotDone();
        TestJobs.open(gate);

        assertThat(get(result)).isEqualTo(new Counted(3, "gated"));
        assertThat(statusReadsOf(handle.id())).as("one event stream, no polls").hasSize(1)
                .allSatisfy(s -> assertThat(s.isEventStream()).isTrue());
    }

    @Test
    void pollingReadsNoOftenerThanTheServersRetryAfter() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.polling(Duration.ofMillis(50)));
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 3));

        CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
        get(server.recorder.nth(3, s -> s.isStatusRead() && s.jobId().equals(handle.id())));
        TestJobs.open(gate);

        assertThat(get(result)).isEqualTo(new Counted(4, "gated"));
        List<Seen> reads = statusReadsOf(handle.id());
        assertThat(reads).allSatisfy(s -> {
            assertThat(s.query()).as("plain reads").isNull();
            assertThat(s.isEventStream()).isFalse();
        });
        for (int i = 1; i < reads.size(); i++) {
            long gap = reads.get(i).nanos() - reads.get(i - 1).nanos();
            assertThat(Duration.ofNanos(gap)).as("gap before read %d (the server says Retry-After: 1)", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void eventStreamFallsBackToLongPollWhenTheServerAnswersJson() throws Exception {
        Filter noStreams = (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public String getHeader(String name) {
                        return name.equalsIgnoreCase("Accept") ? "application/json" : super.getHeader(name);
                    }

                    @Override
                    public Enumeration<String> getHeaders(String name) {
                        return name.equalsIgnoreCase("Accept")
                                ? Collections.enumeration(List.of("application/json")) : super.getHeaders(name);
                    }
                }, response);
        try (JettyServer plain = JettyServer.start(AsyncJobsHttp.builder(jobs).build(), noStreams)) {
            AsyncJobsClient client = AsyncJobsClient.builder(plain.jobs()).header(JettyServer.USER, "alice")
                    .waiting(Waiting.eventStream()).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 4));

            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            get(plain.recorder.first(s -> s.isLongPoll() && s.jobId().equals(handle.id())));
            TestJobs.open(gate);

            assertThat(get(result)).isEqualTo(new Counted(5, "gated"));
            List<Seen> reads = plain.recorder.all(s -> s.isStatusRead() && s.jobId().equals(handle.id()));
            assertThat(reads.get(0).isEventStream()).as("asked for a stream first").isTrue();
            assertThat(reads.subList(1, reads.size())).as("then long polls").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.isLongPoll()).isTrue());
        }
    }

    // ---- jobs that end badly

    @Test
    void aFailedJobFailsTheFutureWithItsCodeAndMessage() {
        for (Waiting waiting : List.of(Waiting.longPoll(), Waiting.eventStream(), Waiting.polling())) {
            AsyncJobsClient client = client("alice", waiting);

            Throwable failure = failureOf(client.run("fail", Map.of("x", 1), JsonNode.class));

            assertThat(failure).as(waiting.toString()).isInstanceOfSatisfying(JobFailedException.class, e -> {
                assertThat(e.code()).isEqualTo("Boom");
                assertThat(e.failureMessage()).isEqualTo("it failed on purpose");
                assertThat(e.jobId()).matches("[0-9a-f]{32}");
            });
        }
    }

    @Test
    void terminateEndsTheJobAndTheWaitingFutureFailsWithJobTerminated() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.longPoll());
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 0));
        CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
        get(server.recorder.first(s -> s.isLongPoll() && s.jobId().equals(handle.id())));

        JobStatus terminated = client.terminate(handle);

        assertThat(terminated.state()).isEqualTo(JobState.TERMINATED);
        assertThat(failureOf(result)).isInstanceOfSatisfying(JobTerminatedException.class, e -> {
            assertThat(e.jobId()).isEqualTo(handle.id());
            assertThat(e.code()).isEqualTo("Terminated");
        });
        assertThat(jobs.find(handle.id()).orElseThrow().status()).isEqualTo(dev.asyncapi.core.JobStatus.TERMINATED);
        assertThat(client.terminate(handle).state()).as("terminating again answers the same status")
                .isEqualTo(JobState.TERMINATED);
    }

    @Test
    void terminatingACompletedJobIsJobAlreadyTerminal() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.longPoll());
        JobHandle handle = client.submit("count", new Count(1));
        get(client.awaitTerminal(handle));

        assertThatThrownBy(() -> client.terminate(handle)).isInstanceOfSatisfying(JobAlreadyTerminalException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).hasToString("https://asyncapi.dev/problems/job-already-terminal");
                });
    }

    // ---- cancellation

    @Test
    void cancellingTheFutureAbortsTheWaitAndTheJobRunsOn() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(server.port())) {
            AsyncJobsClient client = AsyncJobsClient.builder(URI.create(proxy.root() + "/jobs"))
                    .header(JettyServer.USER, "alice").waiting(Waiting.longPoll(Duration.ofSeconds(60))).build();
            String gate = UUID.randomUUID().toString();
            JobHandle handle = client.submit("gated", new Gated(gate, 0));
            CompletableFuture<Counted> result = client.awaitResult(handle, Counted.class);
            get(server.recorder.first(s -> s.isLongPoll() && s.jobId().equals(handle.id())));

            assertThat(result.cancel(true)).isTrue();

            assertThatThrownBy(() -> get(result)).isInstanceOf(CancellationException.class);
            await("the held long poll's connection closed").atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                    .until(() -> proxy.openConnections() == 0);
            assertThat(jobs.find(handle.id()).orElseThrow().status().isTerminal()).isFalse();
            TestJobs.open(gate);
            assertThat(jobs.await(handle.id(), Duration.ofSeconds(TIMEOUT_SECONDS)).status())
                    .isEqualTo(dev.asyncapi.core.JobStatus.COMPLETED);
            assertThat(server.recorder.all(s -> s.method().equals("DELETE") && s.jobId().equals(handle.id())))
                    .isEmpty();
        }
    }

    @Test
    void cancellingWithTerminateOnCancelTerminatesTheJob() throws Exception {
        AsyncJobsClient client = AsyncJobsClient.builder(server.jobs()).header(JettyServer.USER, "alice")
                .terminateOnCancel(true).build();
        String gate = UUID.randomUUID().toString();
        CompletableFuture<Counted> result = client.run("gated", new Gated(gate, 0), Counted.class);
        Seen poll = get(server.recorder.first(s -> s.isLongPoll() && "alice".equals(s.user())
                && jobs.find(s.jobId()).map(j -> j.inputJson().contains(gate)).orElse(false)));

        result.cancel(true);

        assertThat(jobs.await(poll.jobId(), Duration.ofSeconds(TIMEOUT_SECONDS)).status())
                .isEqualTo(dev.asyncapi.core.JobStatus.TERMINATED);
        assertThat(server.recorder.all(s -> s.method().equals("DELETE") && s.jobId().equals(poll.jobId())))
                .hasSize(1);
    }

    // ---- status, owners and problems

    @Test
    void statusShowsTheRunningJobsProgress() throws Exception {
        AsyncJobsClient client = client("alice", Waiting.longPoll());
        String gate = UUID.randomUUID().toString();
        JobHandle handle = client.submit("gated", new Gated(gate, 0));

        await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> client.status(handle).progress().isPresent());
        JobStatus running = client.status(handle);
        TestJobs.open(gate);

        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.id()).isEqualTo(handle.id());
        assertThat(running.progress().orElseThrow().get("step").asInt()).isEqualTo(1);
        JobStatus done = get(client.awaitTerminal(handle));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.result().orElseThrow().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void anotherPrincipalsJobIsNotFound() throws Exception {
        AsyncJobsClient alice = client("alice", Waiting.longPoll());
        AsyncJobsClient mallory = client("mallory", Waiting.longPoll());
        JobHandle handle = alice.submit("count", new Count(1));

        assertThatThrownBy(() -> mallory.status(handle)).isInstanceOfSatisfying(JobNotFoundException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.type()).hasToString("https://asyncapi.dev/problems/job-not-found");
            assertThat(e.title()).isEqualTo("Job not found");
            assertThat(e.detail()).isNotBlank();
        });
        assertThat(failureOf(mallory.awaitResult(handle, Counted.class))).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> mallory.terminate(handle)).isInstanceOf(JobNotFoundException.class);
        assertThat(get(alice.awaitResult(handle, Counted.class))).isEqualTo(new Counted(2, "counted"));
        assertThatThrownBy(() -> alice.status(alice.handle("0123456789abcdef0123456789abcdef")))
                .as("an unknown id is answered alike").isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void anUnknownTypeIsUnknownJobType() {
        AsyncJobsClient client = client("alice", Waiting.longPoll());

        assertThatThrownBy(() -> client.submit("no-such-type", Map.of()))
                .isInstanceOfSatisfying(UnknownJobTypeException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.type()).hasToString("https://asyncapi.dev/problems/unknown-job-type");
                    assertThat(e.getMessage()).contains("Unknown job type");
                });
    }

    @Test
    void inputThatDoesNotBindIsInvalidInput() {
        AsyncJobsClient client = client("alice", Waiting.longPoll());

        assertThatThrownBy(() -> client.submit("count", Map.of("count", "many")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).hasToString("https://asyncapi.dev/problems/invalid-input");
                    assertThat(e.detail()).isNotBlank();
                });
    }

    @Test
    void theCallersIdempotencyKeyFindsTheSameJobAndRefusesAnotherPayload() {
        AsyncJobsClient client = client("alice", Waiting.longPoll());
        String key = "order-" + UUID.randomUUID();

        JobHandle first = client.submit("count", new Count(7), key);
        JobHandle again = client.submit("count", new Count(7), key);

        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> client.submit("count", new Count(8), key))
                .isInstanceOfSatisfying(IdempotencyConflictException.class,
                        e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void aResultThatDoesNotBindIsAnUnexpectedResponse() {
        AsyncJobsClient client = client("alice", Waiting.longPoll());

        assertThat(failureOf(client.run("echo", Map.of("count", "many"), Count.class)))
                .isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining(Count.class.getName())
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
