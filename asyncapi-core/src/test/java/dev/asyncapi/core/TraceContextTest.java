package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceContextTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void keepsTheHeaderValuesAndReadsTheIds() {
        TraceContext trace = TraceContext.of(PARENT, "congo=t61rcWkgMzE");

        assertThat(trace.traceparent()).isEqualTo(PARENT);
        assertThat(trace.tracestate()).contains("congo=t61rcWkgMzE");
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(TraceContext.of(PARENT, "").tracestate()).isEmpty();
    }

    @Test
    void refusesAMalformedTraceparentNamingIt() {
        assertThatThrownBy(() -> TraceContext.of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceparent must be");
        assertThatThrownBy(() -> TraceContext.of("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceContext.of("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceContext.of(PARENT, "a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tracestate");
        assertThatThrownBy(() -> TraceContext.of(null, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void headersThatAreMissingOrMalformedGiveNoContextAndABadTracestateIsDropped() {
        assertThat(TraceContext.fromHeaders(null, "a=b")).isEmpty();
        assertThat(TraceContext.fromHeaders("garbage", null)).isEmpty();
        assertThat(TraceContext.fromHeaders(" " + PARENT + " ", "x".repeat(600)))
                .contains(TraceContext.of(PARENT, null));
        assertThat(TraceContext.fromHeaders(PARENT, "a=b")).contains(TraceContext.of(PARENT, "a=b"));
    }
}
