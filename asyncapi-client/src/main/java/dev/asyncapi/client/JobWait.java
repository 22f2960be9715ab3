package dev.asyncapi.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for one job to become terminal, the way {@link Waiting} says; completes {@link #result} with the
 * terminal status. Completing or cancelling {@link #result} from outside stops the wait and aborts the request
 * in flight.
 */
final class JobWait {

    /** The shortest time between two status reads that found the job running, whatever the server says. */
    private static final Duration MIN_READ_INTERVAL = Waiting.DEFAULT_POLL_INTERVAL;
    private static final String ACCEPT_EVENTS = "text/event-stream, application/json;q=0.5, application/problem+json;q=0.5";

    final CompletableFuture<JobStatus> result = new CompletableFuture<>();
    private final Transport transport;
    private final ApiProfile profile;
    private final Waiting waiting;
    private final JobHandle handle;
    private final AtomicReference<CompletableFuture<?>> step = new AtomicReference<>();
    private final Retries.Budget streamBudget = new Retries.Budget();
    private volatile String lastEventId;

    private JobWait(Transport transport, ApiProfile profile, Waiting waiting, JobHandle handle) {
        this.transport = transport;
        this.profile = profile;
        this.waiting = waiting;
        this.handle = handle;
        result.whenComplete((status, failure) -> {
            CompletableFuture<?> inFlight = step.get();
            if (inFlight != null) {
                inFlight.cancel(true);
            }
        });
    }

    static CompletableFuture<JobStatus> start(Transport transport, ApiProfile profile, Waiting waiting,
                                              JobHandle handle) {
        JobWait wait = new JobWait(transport, profile, waiting, handle);
        switch (waiting.mode()) {
            case LONG_POLL -> wait.longPoll();
            case EVENT_STREAM -> wait.stream();
            case POLLING -> wait.poll();
        }
        return wait.result;
    }

    /** Reads a status answer: 200 with a status body, or the see-other profile's 303 for a Completed job. */
    static JobStatus read(Answer answer, ApiProfile profile, JobHandle handle, Transport transport) {
        if (answer.status() == 303 && answer.headers().firstValue("Location").isPresent()) {
            URI result = answer.uri().resolve(answer.headers().firstValue("Location").get());
            return new JobStatus(handle.id(), JobState.COMPLETED, null, null, null, result);
        }
        if (answer.status() != 200) {
            throw Problems.exception(answer, transport.mapper, 1);
        }
        return profile.status(Json.object(transport.mapper, answer.body(), "the status of job " + handle.id()),
                answer.uri());
    }

    // ---- long poll and polling

    private void longPoll() {
        long seconds = waiting.duration().toSeconds();
        readStatus(withQuery(handle.statusUri(), "wait=" + seconds), Duration.ofSeconds(seconds), this::longPoll,
                MIN_READ_INTERVAL);
    }

    private void poll() {
        readStatus(handle.statusUri(), Duration.ZERO, this::poll, waiting.duration());
    }

    /**
     * One status read; if the job is still running, {@code again} runs {@code minInterval} or the answer's
     * {@code Retry-After}, the longer, after the answer arrived, unless the server held the read (a long poll
     * answered no sooner than that interval after it was sent), in which case {@code again} runs at once.
     */
    private void readStatus(URI uri, Duration wait, Runnable again, Duration minInterval) {
        if (result.isDone()) {
            return;
        }
        long sentAt = System.nanoTime();
        CompletableFuture<Answer> sent = transport.send("GET", uri, Map.of("Accept", Transport.ACCEPT_JSON), null,
                wait.plus(transport.requestTimeout), result);
        track(sent).whenComplete((answer, failure) -> {
            long answeredAt = System.nanoTime();
            if (failure != null) {
                result.completeExceptionally(Retries.unwrap(failure));
                return;
            }
            JobStatus status;
            try {
                status = read(answer, profile, handle, transport);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (status.isTerminal()) {
                result.complete(status);
                return;
            }
            Duration interval = answer.retryAfter().filter(asked -> asked.compareTo(minInterval) > 0)
                    .orElse(minInterval);
            boolean held = !wait.isZero() && answeredAt - sentAt >= interval.toNanos();
            if (held) {
                again.run();
            } else {
                CompletableFuture.delayedExecutor(interval.toNanos(), TimeUnit.NANOSECONDS).execute(again);
            }
        });
    }

    // ---- Server-Sent Events

    private void stream() {
        String request = "GET " + handle.statusUri() + " (event stream)";
        CompletableFuture<JobStatus> streamed = Retries.run(transport.policy, transport.mapper, request,
                streamBudget, result, attempt -> connect());
        track(streamed).whenComplete((status, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Retries.unwrap(failure));
            } else if (status.isTerminal()) {
                result.complete(status);
            } else {
                // the status resource answered JSON instead of a stream: it does not stream this job
                longPoll();
            }
        });
    }

    /**
     * One connection: completes with the terminal status of the {@code done} event, or with the status of a JSON
     * answer; fails with an {@link IOException} when the stream breaks, ends early or falls silent.
     */
    private CompletableFuture<JobStatus> connect() {
        CompletableFuture<JobStatus> connection = new CompletableFuture<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        AtomicReference<String> plainBody = new AtomicReference<>();
        AtomicBoolean streaming = new AtomicBoolean();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        EventStreamParser parser = new EventStreamParser(event -> onEvent(event, connection));
        HttpResponse.BodyHandler<Void> handler = info -> {
            if (info.statusCode() == 200 && isEventStream(info.headers())) {
                streaming.set(true);
                lastActivity.set(System.nanoTime());
                watchIdle(connection, lastActivity, transport.requestTimeout);
                return HttpResponse.BodySubscribers.fromLineSubscriber(
                        new Lines(parser, connection, subscription, lastActivity, streamBudget), lines -> null,
                        StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodyHandlers.ofString().apply(info), body -> {
                plainBody.set(body);
                return null;
            });
        };
        HttpRequest.Builder builder = transport.request(handle.statusUri(), transport.requestTimeout)
                .header("Accept", ACCEPT_EVENTS).GET();
        String resumeFrom = lastEventId;
        if (resumeFrom != null && !resumeFrom.isEmpty()) {
            builder.header("Last-Event-ID", resumeFrom);
        }
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<Void>> sent = transport.http.sendAsync(request, handler);
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                connection.completeExceptionally(Retries.unwrap(failure));
            } else if (!streaming.get()) {
                Answer answer = new Answer("GET " + request.uri(), response.statusCode(), response.headers(),
                        plainBody.get() == null ? "" : plainBody.get(), request.uri(), Instant.now());
                if (answer.status() == 503) {
                    connection.completeExceptionally(new Retries.Unavailable(answer));
                    return;
                }
                try {
                    connection.complete(read(answer, profile, handle, transport));
                } catch (RuntimeException e) {
                    connection.completeExceptionally(e);
                }
            }
        });
        connection.whenComplete((status, failure) -> {
            Flow.Subscription open = subscription.get();
            if (open != null) {
                open.cancel();
            }
            sent.cancel(true);
        });
        return connection;
    }

    private void onEvent(EventStreamParser.Event event, CompletableFuture<JobStatus> connection) {
        streamBudget.reset();
        if (event.id() != null) {
            lastEventId = event.id();
        }
        if (!event.name().equals("done")) {
            return;
        }
        JobStatus status = profile.status(Json.object(transport.mapper, event.data(),
                "the final event of job " + handle.id()), handle.statusUri());
        if (!status.isTerminal()) {
            throw new UnexpectedResponseException("the final event of job " + handle.id()
                    + " has a status that is not terminal: " + Json.excerpt(event.data()), null);
        }
        connection.complete(status);
    }

    /** Fails the connection once nothing, not even a keep-alive comment, has arrived for {@code limit}. */
    private static void watchIdle(CompletableFuture<JobStatus> connection, AtomicLong lastActivity, Duration limit) {
        long idle = System.nanoTime() - lastActivity.get();
        long remaining = limit.toNanos() - idle;
        if (connection.isDone()) {
            return;
        }
        if (remaining <= 0) {
            connection.completeExceptionally(new HttpTimeoutException(
                    "nothing arrived on the event stream for " + limit));
            return;
        }
        CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS)
                .execute(() -> watchIdle(connection, lastActivity, limit));
    }

    private static boolean isEventStream(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
    }

    /** Feeds a stream's lines to the parser; the stream's end or failure ends the connection. */
    private static final class Lines implements Flow.Subscriber<String> {
        private final EventStreamParser parser;
        private final CompletableFuture<JobStatus> connection;
        private final AtomicReference<Flow.Subscription> subscription;
        private final AtomicLong lastActivity;
        private final Retries.Budget budget;

        Lines(EventStreamParser parser, CompletableFuture<JobStatus> connection,
              AtomicReference<Flow.Subscription> subscription, AtomicLong lastActivity, Retries.Budget budget) {
            this.parser = parser;
            this.connection = connection;
            this.subscription = subscription;
            this.lastActivity = lastActivity;
            this.budget = budget;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            if (connection.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            lastActivity.set(System.nanoTime());
            if (line.startsWith(":")) {
                // a keep-alive shows the stream works, as an event does: failures count anew
                budget.reset();
            }
            if (connection.isDone()) {
                return;
            }
            try {
                parser.line(line);
            } catch (RuntimeException e) {
                connection.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            connection.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            connection.completeExceptionally(new IOException("the event stream ended before the job's final event"));
        }
    }

    // ---- plumbing

    /** Makes {@code future} the step a cancellation of {@link #result} aborts. */
    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        step.set(future);
        if (result.isDone()) {
            future.cancel(true);
        }
        return future;
    }

    static URI withQuery(URI uri, String parameter) {
        String text = uri.toString();
        int fragment = text.indexOf('#');
        String base = fragment < 0 ? text : text.substring(0, fragment);
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + parameter);
    }
}
