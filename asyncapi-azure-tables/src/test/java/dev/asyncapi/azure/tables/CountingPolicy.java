package dev.asyncapi.azure.tables;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/** Records every HTTP request the store sends (per retry, so retries count too). */
final class CountingPolicy implements HttpPipelinePolicy {

    private final List<String> requests = new ArrayList<>();

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        record(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        record(context);
        return next.processSync();
    }

    private void record(HttpPipelineCallContext context) {
        synchronized (requests) {
            requests.add(context.getHttpRequest().getHttpMethod() + " " + context.getHttpRequest().getUrl().getPath());
        }
    }

    int count() {
        synchronized (requests) {
            return requests.size();
        }
    }

    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void reset() {
        synchronized (requests) {
            requests.clear();
        }
    }
}
