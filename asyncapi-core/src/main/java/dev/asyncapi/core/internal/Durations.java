package dev.asyncapi.core.internal;

import java.time.Duration;

/** Conversions of {@link Duration}s for schedulers. */
public final class Durations {

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * {@link Duration#toNanos} throws past about 292 years; a delay that long is as good as forever.
     *
     * @param d a duration
     * @return its nanoseconds, at most {@link Long#MAX_VALUE}
     */
    public static long saturatedNanos(Duration d) {
        return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }
}
