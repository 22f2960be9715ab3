package dev.asyncapi.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context (<a href="https://www.w3.org/TR/trace-context/">www.w3.org/TR/trace-context</a>)
 * of the request that submitted a job: its {@code traceparent} and, if any, {@code tracestate}. Stored with
 * the job so that its run, on whatever instance, continues the submitter's trace. Core only carries it; a
 * tracing binding (such as {@code asyncapi-opentelemetry}) captures and restores it.
 *
 * <p>Immutable and thread-safe.
 */
public final class TraceContext {

    /** The longest {@code tracestate} kept, as the W3C recommendation lets propagators truncate beyond it. */
    public static final int MAX_TRACESTATE_LENGTH = 512;

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]*");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_SPAN_ID = "0".repeat(16);

    private final String traceparent;
    private final String tracestate;

    private TraceContext(String traceparent, String tracestate) {
        this.traceparent = traceparent;
        this.tracestate = tracestate;
    }

    /**
     * Creates a context from header values, checking them.
     *
     * @param traceparent a valid {@code traceparent} of version {@code 00}: {@code 00-<32 hex>-<16 hex>-<2 hex>},
     *                    lower case, trace and parent ids not all zero
     * @param tracestate  the {@code tracestate}, or null; printable ASCII, at most
     *                    {@value #MAX_TRACESTATE_LENGTH} characters; an empty one counts as none
     * @return the context
     * @throws NullPointerException     if {@code traceparent} is null
     * @throws IllegalArgumentException if a value is malformed, naming it
     */
    public static TraceContext of(String traceparent, String tracestate) {
        Objects.requireNonNull(traceparent, "traceparent cannot be null");
        if (!isValidTraceparent(traceparent)) {
            throw new IllegalArgumentException("traceparent must be 00-<32 hex>-<16 hex>-<2 hex> with non-zero ids,"
                    + " but was: " + JobIds.abbreviate(traceparent));
        }
        if (tracestate != null && !isValidTracestate(tracestate)) {
            throw new IllegalArgumentException("tracestate must be printable ASCII of at most "
                    + MAX_TRACESTATE_LENGTH + " characters, but was " + tracestate.length() + " characters long");
        }
        return new TraceContext(traceparent, tracestate == null || tracestate.isEmpty() ? null : tracestate);
    }

    /**
     * Reads a context from request headers as the W3C recommendation says a receiver should: a missing or
     * malformed {@code traceparent} gives no context (the request is still served), and a malformed
     * {@code tracestate} is dropped while the {@code traceparent} is kept.
     *
     * @param traceparent the {@code traceparent} header, or null
     * @param tracestate  the {@code tracestate} header, or null
     * @return the context, or empty
     */
    public static Optional<TraceContext> fromHeaders(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Optional.empty();
        }
        String parent = traceparent.trim();
        if (!isValidTraceparent(parent)) {
            return Optional.empty();
        }
        String state = tracestate == null ? null : tracestate.trim();
        return Optional.of(new TraceContext(parent,
                state == null || state.isEmpty() || !isValidTracestate(state) ? null : state));
    }

    private static boolean isValidTraceparent(String value) {
        return value.length() == 55 && TRACEPARENT.matcher(value).matches() && value.startsWith("00-")
                && !value.substring(3, 35).equals(ZERO_TRACE_ID) && !value.substring(36, 52).equals(ZERO_SPAN_ID);
    }

    private static boolean isValidTracestate(String value) {
        return value.length() <= MAX_TRACESTATE_LENGTH && TRACESTATE.matcher(value).matches();
    }

    /** @return the {@code traceparent} header value */
    public String traceparent() {
        return traceparent;
    }

    /** @return the {@code tracestate} header value, if any */
    public Optional<String> tracestate() {
        return Optional.ofNullable(tracestate);
    }

    /** @return the 32 hex digits of the trace id */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** @return the 16 hex digits of the submitter's span id (the parent of the job's run) */
    public String parentSpanId() {
        return traceparent.substring(36, 52);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceContext other && traceparent.equals(other.traceparent)
                && Objects.equals(tracestate, other.tracestate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceparent, tracestate);
    }

    @Override
    public String toString() {
        return "TraceContext[" + traceparent + (tracestate == null ? "" : ", tracestate=" + tracestate) + "]";
    }
}
