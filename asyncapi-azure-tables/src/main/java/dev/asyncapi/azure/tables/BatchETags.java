package dev.asyncapi.azure.tables;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
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
    private static final byte[] STATUS_LINE = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    /** Lower case: compared case-insensitively. */
    private static final byte[] ETAG_HEADER = "etag:".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Optional<Object> sink = context.getData(SINK);
        if (sink.isEmpty()) {
            return next.process();
        }
        return next.process().map(HttpResponse::buffer).flatMap(response ->
                response.getBodyAsByteArray().defaultIfEmpty(new byte[0]).map(body -> {
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
        // the buffered body is read again by the SDK: scan its bytes without decoding them to a string
        collect(response.getBodyAsBinaryData().toBytes(), sink.get());
        return response;
    }

    /** A fresh sink and the context that carries it. */
    static Sink newSink() {
        return new Sink(new ArrayList<>());
    }

    private static void collect(byte[] body, Object sink) {
        List<String> etags = ((Sink) sink).etags;
        List<String> parsed = parse(body);
        synchronized (etags) {
            etags.clear();
            etags.addAll(parsed);
        }
    }

    /**
     * One entry per sub-response of a multipart answer, in order: its ETag, or null if it had none. A
     * sub-response starts at a line {@code HTTP/1.1 <status>}; its ETag is a header line {@code ETag: <value>}
     * (name in any case). Lines end with CRLF or LF. Header lines are ASCII, so bytes are compared directly.
     */
    static List<String> parse(byte[] multipart) {
        List<String> etags = new ArrayList<>(4);
        int n = multipart.length;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && multipart[end] != '\n') {
                end++;
            }
            int stop = end > start && multipart[end - 1] == '\r' ? end - 1 : end;
            if (startsWith(multipart, start, stop, STATUS_LINE, false)) {
                etags.add(null);
            } else if (!etags.isEmpty() && startsWith(multipart, start, stop, ETAG_HEADER, true)) {
                String value = new String(multipart, start + ETAG_HEADER.length, stop - start - ETAG_HEADER.length,
                        StandardCharsets.ISO_8859_1).trim();
                etags.set(etags.size() - 1, Versions.fromHeader(value));
            }
            start = end + 1;
        }
        return etags;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix, boolean ignoreCase) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            int c = b[from + i];
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != prefix[i]) {
                return false;
            }
        }
        return true;
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
