package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncapi.servlet.ProblemType;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Jetty's error page as an RFC 9457 problem ({@code application/problem+json} with {@code type}, {@code title},
 * {@code status}, {@code detail}) instead of HTML, for the answers Jetty gives before or instead of the app:
 * a request the HTTP parser rejects (414 URI too long, 431 headers too large), a URI Jetty refuses as ambiguous
 * ({@code %2e%2e} segments, an encoded {@code /}: 400), and a path nothing serves (404 from the default servlet).
 *
 * <p>Install it with {@link Server#setErrorHandler}: the parser's rejections have no context yet, and a
 * {@code ServletContextHandler} without an error handler of its own falls back to the server's.
 *
 * <p>The body never carries a stack trace, an exception class or the server version: {@code detail} is the
 * reason Jetty attached to an {@link HttpException} (such as "Ambiguous URI path separator") when it says more
 * than the status line, or else fixed text for the status. Types use the library's scheme: a {@link ProblemType}
 * where one means the same thing, otherwise {@value ProblemType#BASE_URI} followed by the status's reason phrase
 * in lower case with hyphens ({@code uri-too-long}, {@code request-header-fields-too-large}).
 *
 * <p>Thread-safe (stateless).
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** The media type of every answer: {@value}. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, ProblemType> LIBRARY_TYPES = Map.of(
            400, ProblemType.INVALID_REQUEST,
            404, ProblemType.RESOURCE_NOT_FOUND,
            405, ProblemType.METHOD_NOT_ALLOWED,
            413, ProblemType.PAYLOAD_TOO_LARGE,
            415, ProblemType.UNSUPPORTED_MEDIA_TYPE,
            500, ProblemType.INTERNAL_ERROR);
    private static final Map<Integer, String> DETAILS = Map.of(
            400, "The request is malformed.",
            404, "No resource at this path.",
            405, "This method is not supported at this path.",
            414, "The request line is longer than this server accepts.",
            431, "The request headers are larger than this server accepts.",
            500, "The server could not answer this request.");

    /** Creates the handler. */
    public JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    /**
     * Answers every method with a body. Jetty's default is GET, POST and HEAD only, so a PUT or DELETE it
     * refuses (for example 405 from the default servlet) would get an empty answer with no media type.
     * A HEAD answer still carries no body: Jetty drops it.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = problem(code, cause).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The problem body for a status. {@code message} of {@link #generateResponse} is not used: Jetty fills it
     * with {@code cause.toString()} when it has nothing better, which names an exception class.
     */
    static String problem(int status, Throwable cause) {
        ProblemType known = LIBRARY_TYPES.get(status);
        String phrase = HttpStatus.getMessage(status);
        String reason = cause instanceof HttpException http ? http.getReason() : null;
        String detail = reason != null && !reason.isBlank() && !reason.equalsIgnoreCase(phrase) ? reason
                : DETAILS.getOrDefault(status, phrase);
        ObjectNode body = JSON.createObjectNode()
                .put("type", known != null ? known.uri().toString() : ProblemType.BASE_URI + slug(phrase))
                .put("title", known != null ? known.title() : phrase)
                .put("status", status)
                .put("detail", detail);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String slug(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
