package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.RenderContext;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as both the mapper ({@link RouteRequest}) and the renderer ({@link RenderContext}) see it. The
 * query, owner, origin and body are worked out once, when first asked for.
 */
final class RequestContext implements RouteRequest, RenderContext {

    private final PipelineSettings settings;
    private final CompiledRoute route;
    private final Map<String, String> variables;
    private final HttpServletRequest request;
    private final String path;
    private String owner;
    private byte[] bodyBytes;
    private String body;
    private QueryParameters query;
    private String origin;

    /**
     * @param route the matched route, or null when none matched (the default renderer and paths apply)
     */
    RequestContext(PipelineSettings settings, CompiledRoute route, Map<String, String> variables,
                   HttpServletRequest request, String path) {
        this.settings = settings;
        this.route = route;
        this.variables = variables;
        this.request = request;
        this.path = path;
    }

    ResponseRenderer renderer() {
        return route == null ? settings.defaults().renderer() : route.renderer();
    }

    /** Hands over a body read without a thread, before the mapper runs. */
    void bodyRead(byte[] bytes) {
        this.bodyBytes = bytes;
    }

    @Override
    public String method() {
        return request.getMethod().toUpperCase(Locale.ROOT);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathVariable(String name) {
        if (route == null || !route.template().hasVariable(name)) {
            throw new IllegalArgumentException("the path template " + (route == null ? "" : route.template())
                    + " has no variable {" + name + "}");
        }
        return variables.get(name);
    }

    @Override
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> queryParameters(String name) {
        if (query == null) {
            query = QueryParameters.parse(request.getQueryString());
        }
        return query.all(name);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<String> mediaType() {
        return ContentTypes.mediaType(request.getHeader("Content-Type"));
    }

    @Override
    public String bodyText() {
        if (body == null) {
            if (bodyBytes == null) {
                bodyBytes = RequestBody.isAnnounced(request)
                        ? RequestBody.readBlocking(request, settings.http().maxBodyBytes()) : new byte[0];
            }
            body = RequestBody.decode(bodyBytes);
        }
        return body;
    }

    @Override
    public String owner() {
        if (owner == null) {
            owner = settings.owners().ownerOf(request);
        }
        return owner;
    }

    @Override
    public HttpServletRequest servletRequest() {
        return request;
    }

    @Override
    public URI absoluteUri(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', but was: " + path);
        }
        if (origin == null) {
            origin = settings.origin().of(request);
        }
        return URI.create(origin + path);
    }

    @Override
    public URI statusUri(String jobId) {
        PathTemplate template = route == null ? settings.defaults().statusPath() : route.statusPath();
        return absoluteUri(template.expand(Map.of("id", jobId)));
    }

    @Override
    public URI resultUri(String jobId) {
        PathTemplate template = route == null ? settings.defaults().resultPath() : route.resultPath();
        return absoluteUri(template.expand(Map.of("id", jobId)));
    }

    @Override
    public Duration retryAfter() {
        return settings.http().retryAfter();
    }

    @Override
    public String retryAfterSeconds() {
        return settings.retryAfterSeconds();
    }
}
