package dev.asyncapi.azure.tables;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the ETag of each operation of an entity-group transaction from the raw multipart response.
 *
 * <p>The service returns one ETag per changed entity, but {@code azure-data-tables} 12.5 leaves the headers of
 * {@code TableTransactionActionResponse} empty. Without them every transactional write would need a point
 * read to learn the new version; this policy, placed in the pipeline of the clients the store builds, saves
 * that read. A call opts in by putting a sink under {@link #SINK} in its {@link Context}.
 */
final class BatchETags implements HttpPipelinePolicy {

    static final String SINK = "dev.asyncapi.azure.tables.batchEtags";

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Optional<Object> sink = context.getData(SINK);
        if (sink.isEmpty()) {
            return next.process();
        }
        return next.process().map(HttpResponse::buffer).flatMap(response ->
                response.getBodyAsString().defaultIfEmpty("").map(body -> {
                    collect(body, sink.get());
                    return response;
                }));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Optional<Object> sink = context.getData(SINK);
        if (sink.isEmpty()) {
            return next.processSync();
        }
        HttpResponse response = next.processSync().buffer();
        collect(response.getBodyAsBinaryData().toString(), sink.get());
        return response;
    }

    /** A fresh sink and the context that carries it. */
    static Sink newSink() {
        return new Sink(new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static void collect(String body, Object sink) {
        List<String> etags = ((Sink) sink).etags;
        synchronized (etags) {
            etags.clear();
            etags.addAll(parse(body));
        }
    }

    /** One entry per sub-response, in order: its ETag, or null if it had none. */
    static List<String> parse(String multipart) {
        List<String> etags = new ArrayList<>();
        for (String line : multipart.split("\r?\n")) {
            if (line.startsWith("HTTP/1.1 ")) {
                etags.add(null);
            } else if (!etags.isEmpty() && line.regionMatches(true, 0, "ETag:", 0, 5)) {
                etags.set(etags.size() - 1, Versions.fromHeader(line.substring(5).trim()));
            }
        }
        return etags;
    }

    /** Where one transaction's ETags land. */
    static final class Sink {
        private final List<String> etags;

        private Sink(List<String> etags) {
            this.etags = etags;
        }

        Context context() {
            return new Context(SINK, this);
        }

        /** The ETag of the operation at {@code index}, if the response carried one. */
        Optional<String> etag(int index) {
            synchronized (etags) {
                return index < etags.size() ? Optional.ofNullable(etags.get(index)) : Optional.empty();
            }
        }
    }
}
