package dev.asyncapi.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteResponseTest {

    @Test
    void jsonKeepsTheBodyExactly() {
        RouteResponse r = RouteResponse.json(400, "{\"error\": \"Invalid start date format.\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/json");
        assertThat(r.bodyText()).isEqualTo("{\"error\": \"Invalid start date format.\"}");
    }

    @Test
    void withHeaderReplacesCaseInsensitivelyAndCopies() {
        RouteResponse first = RouteResponse.of(202).withHeader("Location", "/a");
        RouteResponse second = first.withHeader("location", "/b");

        assertThat(first.header("LOCATION")).contains("/a");
        assertThat(second.header("Location")).contains("/b");
        assertThat(second.headers()).hasSize(1);
    }

    @Test
    void shouldRefuseHeaderInjectionAndBadStatus() {
        assertThatThrownBy(() -> RouteResponse.of(200).withHeader("Location", "/a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> RouteResponse.of(200).withHeader("Bad Name", "x"))
                .hasMessageContaining("HTTP token");
        assertThatThrownBy(() -> RouteResponse.of(200).withHeader("Content-Type", "x"))
                .hasMessageContaining("withBody");
        assertThatThrownBy(() -> RouteResponse.of(99)).hasMessageContaining("100 to 599, but was 99");
    }
}
