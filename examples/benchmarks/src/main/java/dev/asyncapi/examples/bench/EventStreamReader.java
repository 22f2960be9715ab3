package dev.asyncapi.examples.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of one job's Server-Sent Events stream: parses the lines of the body into events as the SSE
 * specification says and notes when each was read ({@link System#nanoTime()}). Lines come from the JDK
 * {@link HttpClient}'s asynchronous API ({@link #open}), pushed on the client's executor so a stream holds no
 * client thread while it waits, or from {@link NioEventStreamClient}.
 */
final class EventStreamReader implements Flow.Subscriber<String> {

    /** One dispatched event; {@code name} is {@code message} when the event had no {@code event:} field. */
    record Event(String id, String name, String data, long receivedNanos) {
    }

    private final CompletableFuture<Event> first = new CompletableFuture<>();
    private final CompletableFuture<Event> done = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final List<Event> events = new ArrayList<>();
    private volatile int statusCode;
    private volatile String contentType = "";
    private volatile String retry;
    // Parser state: touched only by onNext, which the client calls one at a time.
    private String id;
    private String lastId;
    private String name;
    private StringBuilder data;

    EventStreamReader() {
    }

    /**
     * Opens {@code GET uri} with {@code Accept: text/event-stream}; returns at once.
     *
     * @param client the client; its executor runs the parsing
     * @param uri    the job's status URI
     * @return the reader, whose futures complete as the events arrive
     */
    static EventStreamReader open(HttpClient client, URI uri) {
        EventStreamReader reader = new EventStreamReader();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).GET().build();
        client.sendAsync(request, info -> {
            reader.headers(info.statusCode(), info.headers().firstValue("Content-Type").orElse(""));
            return HttpResponse.BodySubscribers.fromLineSubscriber(reader);
        }).whenComplete((response, failure) -> {
            if (failure != null) {
                reader.fail(failure);
            }
        });
        return reader;
    }

    /** Notes the response's status and content type; the transport calls it before the first line. */
    void headers(int statusCode, String contentType) {
        this.statusCode = statusCode;
        this.contentType = contentType;
    }

    /** Completes with the first event of the stream, whatever its name. */
    CompletableFuture<Event> first() {
        return first;
    }

    /** Completes with the {@code done} event; fails if the stream ends or breaks before it. */
    CompletableFuture<Event> done() {
        return done;
    }

    /** Completes when the server ends the body; fails if the connection breaks. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The {@code : keep-alive} comment lines read so far. */
    int heartbeats() {
        return heartbeats.get();
    }

    /** A copy of the events read so far, in order. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    int statusCode() {
        return statusCode;
    }

    String contentType() {
        return contentType;
    }

    /** The stream's {@code retry:} field, if it sent one. */
    String retry() {
        return retry;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            if (line.startsWith(": keep-alive")) {
                heartbeats.incrementAndGet();
            }
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "retry" -> retry = value;
            default -> {
                // unknown fields are ignored, as the specification says
            }
        }
    }

    private void dispatch() {
        if (data == null) {
            name = null;
            return;
        }
        if (id != null) {
            lastId = id;
        }
        Event event = new Event(lastId, name != null ? name : "message", data.toString(), System.nanoTime());
        id = null;
        name = null;
        data = null;
        synchronized (this) {
            events.add(event);
        }
        first.complete(event);
        if (event.name().equals("done")) {
            done.complete(event);
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    @Override
    public void onComplete() {
        IllegalStateException early = new IllegalStateException("the stream ended before its done event");
        first.completeExceptionally(early);
        done.completeExceptionally(early);
        ended.complete(null);
    }

    private void fail(Throwable failure) {
        first.completeExceptionally(failure);
        done.completeExceptionally(failure);
        ended.completeExceptionally(failure);
    }
}
