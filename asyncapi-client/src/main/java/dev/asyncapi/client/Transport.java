package dev.asyncapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The client's HTTP settings and its one way of sending a request: with the configured headers and retries. */
final class Transport {

    /** What a JSON request accepts. */
    static final String ACCEPT_JSON = "application/json, application/problem+json";

    /** A header added to every request; the supplier is asked on every attempt. */
    record HeaderSource(String name, Supplier<String> value) {
    }

    final HttpClient http;
    final ObjectMapper mapper;
    final RetryPolicy policy;
    final Duration requestTimeout;
    private final List<HeaderSource> headers;

    Transport(HttpClient http, ObjectMapper mapper, RetryPolicy policy, Duration requestTimeout,
              List<HeaderSource> headers) {
        this.http = http;
        this.mapper = mapper;
        this.policy = policy;
        this.requestTimeout = requestTimeout;
        this.headers = List.copyOf(headers);
    }

    /** A request to {@code uri} with the configured headers, asked of their suppliers now. */
    HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        for (HeaderSource header : headers) {
            String value;
            try {
                value = header.value().get();
            } catch (RuntimeException e) {
                throw new AsyncJobsClientException("the supplier of header " + header.name() + " failed", e);
            }
            if (value != null) {
                builder.header(header.name(), value);
            }
        }
        return builder;
    }

    /**
     * Sends a request under the retry policy and completes with the answer that ended it: a success or an
     * error other than {@code 503}. Completes exceptionally with {@link ServiceUnavailableException} or
     * {@link TransportException} when the retries are used up; stops retrying once {@code owner} is done.
     */
    CompletableFuture<Answer> send(String method, URI uri, Map<String, String> extra, byte[] body, Duration timeout,
                                   CompletableFuture<?> owner) {
        String request = method + " " + uri;
        return Retries.run(policy, mapper, request, new Retries.Budget(), owner, attempt -> {
            HttpRequest.Builder builder = request(uri, timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            extra.forEach(builder::header);
            return once(request, builder.build());
        });
    }

    /** One attempt: the answer read in full; a {@code 503} completes it with {@link Retries.Unavailable}. */
    CompletableFuture<Answer> once(String request, HttpRequest httpRequest) {
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Answer> answer = sent.thenApply(response -> {
            Answer read = new Answer(request, response.statusCode(), response.headers(),
                    response.body() == null ? "" : response.body(), httpRequest.uri(), Instant.now());
            if (read.status() == 503) {
                throw new Retries.Unavailable(read);
            }
            return read;
        });
        answer.whenComplete((read, failure) -> {
            if (answer.isCancelled()) {
                sent.cancel(true);
            }
        });
        return answer;
    }
}
