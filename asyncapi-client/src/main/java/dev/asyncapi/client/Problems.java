package dev.asyncapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Turns error answers into typed exceptions, through one table keyed by the problem type. */
final class Problems {

    private static final Map<String, Function<Problem, ProblemException>> BY_TYPE = Map.of(
            "job-not-found", JobNotFoundException::new,
            "unknown-job-type", UnknownJobTypeException::new,
            "malformed-json", InvalidInputException::new,
            "invalid-input", InvalidInputException::new,
            "idempotency-conflict", IdempotencyConflictException::new,
            "job-already-terminal", JobAlreadyTerminalException::new);

    private Problems() {
    }

    /** The exception for an error answer; a 503 here is one the retries are done with. */
    static ProblemException exception(Answer answer, ObjectMapper mapper, int attempts) {
        Problem problem = problem(answer, mapper);
        if (answer.status() == 503) {
            return new ServiceUnavailableException(problem, attempts, answer.retryAfter().orElse(null));
        }
        String type = problem.type().toString();
        if (type.startsWith(Problem.ASYNCAPI_TYPE_PREFIX)) {
            Function<Problem, ProblemException> make = BY_TYPE.get(type.substring(Problem.ASYNCAPI_TYPE_PREFIX.length()));
            if (make != null) {
                return make.apply(problem);
            }
        }
        return new ProblemException(problem);
    }

    /** The answer's problem; an error that is not problem+json becomes {@code about:blank} describing the body. */
    static Problem problem(Answer answer, ObjectMapper mapper) {
        return parse(answer, mapper).orElseGet(() -> new Problem(Problem.ABOUT_BLANK, "",
                answer.status(), answer.request() + " answered " + answer.status()
                + answer.contentType().map(type -> " with " + type).orElse(" without a body")
                + (answer.body().isEmpty() ? "" : ": " + Json.excerpt(answer.body()))));
    }

    private static Optional<Problem> parse(Answer answer, ObjectMapper mapper) {
        boolean problemJson = answer.contentType().map(type -> type.toLowerCase(Locale.ROOT)
                .startsWith("application/problem+json")).orElse(false);
        if (!problemJson) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = Json.object(mapper, answer.body(), "the problem");
        } catch (UnexpectedResponseException e) {
            return Optional.empty();
        }
        URI type = Problem.ABOUT_BLANK;
        JsonNode typeNode = body.get("type");
        if (typeNode != null && typeNode.isTextual()) {
            try {
                type = URI.create(typeNode.asText());
            } catch (IllegalArgumentException e) {
                type = Problem.ABOUT_BLANK;
            }
        }
        JsonNode status = body.get("status");
        int code = status != null && status.canConvertToInt() && status.asInt() >= 100 && status.asInt() <= 599
                ? status.asInt() : answer.status();
        return Optional.of(new Problem(type, text(body, "title"), code, text(body, "detail")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
