package dev.asyncapi.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request as both the mapper ({@link RouteRequest}) and the renderer ({@link RenderContext}) see it. */
final class RequestContext implements RouteRequest, RenderContext {

    private final Dispatcher dispatcher;
    private final Route route;
    private final Map<String, String> variables;
    private final HttpServletRequest request;
    private final String path;
    private String owner;
    private String body;
    private Map<String, List<String>> query;
    private String origin;

    RequestContext(Dispatcher dispatcher, Route route, Map<String, String> variables, HttpServletRequest request,
                   String path) {
        this.dispatcher = dispatcher;
        this.route = route;
        this.variables = variables;
        this.request = request;
        this.path = path;
    }

    Route route() {
        return route;
    }

    ResponseRenderer renderer() {
        return route == null ? dispatcher.defaultRenderer() : route.renderer();
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
            throw new IllegalArgumentException("the path template " + (route == null ? "" : route.pathTemplate())
                    + " has no variable {" + name + "}");
        }
        return variables.get(name);
    }

    @Override
    public Optional<String> queryParameter(String name) {
        if (query == null) {
            query = parseQuery(request.getQueryString());
        }
        List<String> values = query.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> queryParameters(String name) {
        queryParameter(name);
        return query.getOrDefault(name, List.of());
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = PathTemplate.percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PathTemplate.percentDecode(pair.substring(eq + 1), true);
            if (name == null || value == null) {
                throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                        "The query string is not valid percent-encoded UTF-8.");
            }
            result.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return result;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<String> mediaType() {
        String contentType = request.getContentType();
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        return Optional.of((semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT));
    }

    @Override
    public String bodyText() {
        if (body != null) {
            return body;
        }
        long limit = dispatcher.http().maxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "The request body could not be read.");
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "The request body is not valid UTF-8.");
        }
        return body;
    }

    private static HttpProblemException tooLarge(long limit) {
        return new HttpProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + limit + " bytes.");
    }

    @Override
    public String owner() {
        if (owner == null) {
            owner = dispatcher.ownerOf(request);
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
            origin = dispatcher.origin(request);
        }
        return URI.create(origin + path);
    }

    @Override
    public URI statusUri(String jobId) {
        PathTemplate template = route == null || route.statusTemplate() == null
                ? dispatcher.defaultStatusPath() : route.statusTemplate();
        return absoluteUri(template.expand(Map.of("id", jobId)));
    }

    @Override
    public URI resultUri(String jobId) {
        PathTemplate template = route == null || route.resultTemplate() == null
                ? dispatcher.defaultResultPath() : route.resultTemplate();
        return absoluteUri(template.expand(Map.of("id", jobId)));
    }

    @Override
    public Duration retryAfter() {
        return dispatcher.http().retryAfter();
    }

    @Override
    public String retryAfterSeconds() {
        return dispatcher.retryAfterSeconds();
    }
}
