package dev.asyncapi.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client waits for a job to end. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #longPoll(Duration)} (the default, with {@value #DEFAULT_LONG_POLL_SECONDS} s): {@code GET
 *       {status}?wait=N}, which the server answers as soon as the job ends or after N seconds (capped by its
 *       {@code maxWait}); then at once again. A server that answers a long poll sooner than its
 *       {@code Retry-After} without the job having ended (one that ignores {@code wait}) is read no more often
 *       than its {@code Retry-After} asks: long polling falls back to polling by itself.</li>
 *   <li>{@link #eventStream()}: {@code GET {status}} with {@code Accept: text/event-stream}; the job's final
 *       {@code done} event ends the wait. A broken stream is reopened with {@code Last-Event-ID}; a stream on
 *       which nothing arrives, not even a keep-alive comment, for the request timeout is treated as broken. A
 *       server that answers JSON instead of a stream (a route that does not stream) is long-polled for that
 *       job.</li>
 *   <li>{@link #polling(Duration)}: plain {@code GET {status}} reads, each after the longer of the interval and
 *       the server's {@code Retry-After}.</li>
 * </ul>
 */
public final class Waiting {

    /** The long-poll wait of {@link #longPoll()} and of the event stream's fallback: {@value} seconds. */
    public static final int DEFAULT_LONG_POLL_SECONDS = 30;
    /** The interval of {@link #polling()}: 1 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /** The three ways of waiting. */
    enum Mode { LONG_POLL, EVENT_STREAM, POLLING }

    private static final Waiting DEFAULT = new Waiting(Mode.LONG_POLL, Duration.ofSeconds(DEFAULT_LONG_POLL_SECONDS));

    private final Mode mode;
    private final Duration duration;

    private Waiting(Mode mode, Duration duration) {
        this.mode = mode;
        this.duration = duration;
    }

    /**
     * Long polls with a wait of {@value #DEFAULT_LONG_POLL_SECONDS} seconds per request.
     *
     * @return the default way of waiting
     */
    public static Waiting longPoll() {
        return DEFAULT;
    }

    /**
     * Long polls with the given wait per request. The server caps it (60 s by default); each request's timeout
     * is this wait plus the client's request timeout.
     *
     * @param wait whole seconds, at least 1 s
     * @return a long-poll way of waiting
     * @throws NullPointerException     if {@code wait} is null
     * @throws IllegalArgumentException if {@code wait} is under 1 s or not whole seconds
     */
    public static Waiting longPoll(Duration wait) {
        Objects.requireNonNull(wait, "wait cannot be null");
        if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.getNano() != 0) {
            throw new IllegalArgumentException("long-poll wait must be whole seconds, at least 1 s, was " + wait);
        }
        return new Waiting(Mode.LONG_POLL, wait);
    }

    /**
     * Follows the job's Server-Sent Events, falling back to {@link #longPoll()} for a job whose status resource
     * does not stream.
     *
     * @return an event-stream way of waiting
     */
    public static Waiting eventStream() {
        return new Waiting(Mode.EVENT_STREAM, Duration.ofSeconds(DEFAULT_LONG_POLL_SECONDS));
    }

    /**
     * Polls every second, or less often if the server's {@code Retry-After} asks.
     *
     * @return a polling way of waiting
     */
    public static Waiting polling() {
        return new Waiting(Mode.POLLING, DEFAULT_POLL_INTERVAL);
    }

    /**
     * Polls at the given interval, or less often if the server's {@code Retry-After} asks.
     *
     * @param interval the shortest pause between two reads; positive
     * @return a polling way of waiting
     * @throws NullPointerException     if {@code interval} is null
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public static Waiting polling(Duration interval) {
        Objects.requireNonNull(interval, "interval cannot be null");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + interval);
        }
        return new Waiting(Mode.POLLING, interval);
    }

    Mode mode() {
        return mode;
    }

    /** The long-poll wait (long poll, and the event stream's fallback) or the poll interval. */
    Duration duration() {
        return duration;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case LONG_POLL -> "Waiting.longPoll(" + duration + ")";
            case EVENT_STREAM -> "Waiting.eventStream()";
            case POLLING -> "Waiting.polling(" + duration + ")";
        };
    }
}
