package dev.asyncapi.servlet.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    private final PathTemplate status = PathTemplate.parse("/api/status/{id}");

    @Test
    void matchesLiteralsAndDecodesVariables() {
        assertThat(status.match("/api/status/abc")).isEqualTo(Map.of("id", "abc"));
        assertThat(status.match("/api/status/a%20b")).isEqualTo(Map.of("id", "a b"));
    }

    @Test
    void refusesSegmentsThatDecodeToPathTricks() {
        assertThat(status.match("/api/status/%2e%2e")).isNull();
        assertThat(status.match("/api/status/..")).isNull();
        assertThat(status.match("/api/status/a%2Fb")).isNull();
        assertThat(status.match("/api/status/a%5Cb")).isNull();
        assertThat(status.match("/api/status/a%00b")).isNull();
        assertThat(status.match("/api/status/%C3%28")).isNull();
        assertThat(status.match("/api/status/a%zz")).isNull();
        assertThat(status.match("/api/status/")).isNull();
        assertThat(status.match("/api/status/a/b")).isNull();
        assertThat(status.match("/api/STATUS/a")).isNull();
    }

    @Test
    void expandsTheIdVariable() {
        assertThat(status.expand(Map.of("id", "abc"))).isEqualTo("/api/status/abc");
    }

    @Test
    void shouldRequireWellFormedTemplates() {
        assertThatThrownBy(() -> PathTemplate.parse("api")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> PathTemplate.parse("/a/../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> PathTemplate.parse("/a/{id}/{id}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PathTemplate.parse("/a//b")).hasMessageContaining("segment ''");
    }
}
