package dev.asyncapi.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One HTTP answer, read in full.
 *
 * @param request    the request, as {@code METHOD uri}, for messages
 * @param status     the status code
 * @param headers    the headers
 * @param body       the body as text; empty if none
 * @param uri        the request URI, against which relative URIs in the answer resolve
 * @param receivedAt when the answer arrived
 */
record Answer(String request, int status, HttpHeaders headers, String body, URI uri, Instant receivedAt) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    Optional<Duration> retryAfter() {
        return RetryAfter.of(headers, receivedAt);
    }

    Optional<String> contentType() {
        return headers.firstValue("Content-Type");
    }
}
