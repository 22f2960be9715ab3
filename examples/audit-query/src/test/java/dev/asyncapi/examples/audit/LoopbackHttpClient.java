package dev.asyncapi.examples.audit;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Set;

/**
 * A transport for the real Azure SDK clients that sends requests for the given public hosts (for example
 * {@code myvault.vault.azure.net}) to a fake on a loopback port, over plain http; requests for other
 * hosts go out unchanged. Everything above the transport (the clients, their pipelines, bearer token and
 * Key Vault challenge policies, retries) is the SDK's own and sees the real {@code https} URLs.
 */
final class LoopbackHttpClient implements HttpClient {

    private final HttpClient delegate = HttpClient.createDefault();
    private final Set<String> hosts;
    private final int port;

    LoopbackHttpClient(Set<String> hosts, int port) {
        this.hosts = Set.copyOf(hosts);
        this.port = port;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(redirect(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(redirect(request), context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return delegate.sendSync(redirect(request), context);
    }

    private HttpRequest redirect(HttpRequest request) {
        URL url = request.getUrl();
        if (!hosts.contains(url.getHost())) {
            return request;
        }
        try {
            HttpRequest copy = request.copy();
            copy.setUrl(new URL("http", "127.0.0.1", port, url.getFile()));
            copy.setHeader(com.azure.core.http.HttpHeaderName.HOST, url.getHost());
            return copy;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
