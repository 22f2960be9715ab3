package dev.asyncapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Answer answer(int status, String contentType, String body, Map<String, List<String>> more) {
        Map<String, List<String>> headers = new java.util.HashMap<>(more);
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        return new Answer("GET http://h/jobs/x", status, HttpHeaders.of(headers, (a, b) -> true), body,
                URI.create("http://h/jobs/x"), Instant.now());
    }

    private static String problem(String slug, int status) {
        return "{\"type\":\"https://asyncapi.dev/problems/" + slug + "\",\"title\":\"T\",\"status\":" + status
                + ",\"detail\":\"D\"}";
    }

    @ParameterizedTest
    @CsvSource({
            "job-not-found, 404, dev.asyncapi.client.JobNotFoundException",
            "unknown-job-type, 404, dev.asyncapi.client.UnknownJobTypeException",
            "malformed-json, 400, dev.asyncapi.client.InvalidInputException",
            "invalid-input, 400, dev.asyncapi.client.InvalidInputException",
            "idempotency-conflict, 422, dev.asyncapi.client.IdempotencyConflictException",
            "job-already-terminal, 409, dev.asyncapi.client.JobAlreadyTerminalException",
            "saturated, 503, dev.asyncapi.client.ServiceUnavailableException",
            "store-unavailable, 503, dev.asyncapi.client.ServiceUnavailableException",
            "invalid-request, 400, dev.asyncapi.client.ProblemException",
            "internal-error, 500, dev.asyncapi.client.ProblemException",
    })
    void mapsEachProblemTypeToItsException(String slug, int status, String exception) {
        ProblemException e = Problems.exception(answer(status, "application/problem+json", problem(slug, status),
                Map.of()), JSON, 1);

        assertThat(e.getClass().getName()).isEqualTo(exception);
        assertThat(e.problem()).isEqualTo(new Problem(URI.create("https://asyncapi.dev/problems/" + slug), "T",
                status, "D"));
        assertThat(e.problem().hasType(slug)).isTrue();
    }

    @Test
    void aServiceUnavailableCarriesAttemptsAndRetryAfter() {
        ProblemException e = Problems.exception(answer(503, "application/problem+json", problem("saturated", 503),
                Map.of("Retry-After", List.of("7"))), JSON, 3);

        assertThat(e).isInstanceOfSatisfying(ServiceUnavailableException.class, unavailable -> {
            assertThat(unavailable.attempts()).isEqualTo(3);
            assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(unavailable.getMessage()).endsWith("[after 3 attempts; Retry-After 7 s]");
        });
    }

    @Test
    void anErrorThatIsNotAProblemIsAboutBlankDescribingTheBody() {
        ProblemException e = Problems.exception(answer(502, "text/html", "<h1>Bad gateway</h1>", Map.of()), JSON, 1);

        assertThat(e.getClass()).isEqualTo(ProblemException.class);
        assertThat(e.type()).isEqualTo(Problem.ABOUT_BLANK);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.detail()).contains("502").contains("text/html").contains("<h1>Bad gateway</h1>");
    }

    @Test
    void a503FromAProxyIsServiceUnavailableToo() {
        assertThat(Problems.exception(answer(503, null, "", Map.of()), JSON, 1))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aProblemWithMissingMembersTakesTheDefaults() {
        ProblemException e = Problems.exception(answer(418, "application/problem+json; charset=utf-8", "{}",
                Map.of()), JSON, 1);

        assertThat(e.problem()).isEqualTo(new Problem(Problem.ABOUT_BLANK, "", 418, ""));
    }

    @Test
    void aProblemBodyThatIsNotJsonIsDescribed() {
        ProblemException e = Problems.exception(answer(400, "application/problem+json", "{oops", Map.of()), JSON, 1);

        assertThat(e.type()).isEqualTo(Problem.ABOUT_BLANK);
        assertThat(e.detail()).contains("{oops");
    }
}
