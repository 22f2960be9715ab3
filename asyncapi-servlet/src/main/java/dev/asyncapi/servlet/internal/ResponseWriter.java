package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RouteResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * Writes a {@link RouteResponse} to the servlet response: its status, headers and body, plus what every answer
 * of this layer carries unless the renderer set it ({@code Cache-Control: no-store}; {@code Retry-After} on a
 * 503). A {@code HEAD} answer gets the headers of the {@code GET} answer, with its length, and no body.
 */
final class ResponseWriter {

    private final String retryAfterSeconds;

    ResponseWriter(String retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void write(HttpServletResponse resp, RouteResponse r, boolean headersOnly) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(r.status());
        for (Map.Entry<String, String> header : r.headers()) {
            resp.setHeader(header.getKey(), header.getValue());
        }
        if (r.status() == 503 && r.header("Retry-After").isEmpty()) {
            resp.setHeader("Retry-After", retryAfterSeconds);
        }
        if (r.header("Cache-Control").isEmpty()) {
            resp.setHeader("Cache-Control", "no-store");
        }
        r.contentType().ifPresent(resp::setContentType);
        byte[] body = r.body();
        resp.setContentLength(body.length);
        if (body.length > 0 && !headersOnly) {
            resp.getOutputStream().write(body);
        }
    }
}
