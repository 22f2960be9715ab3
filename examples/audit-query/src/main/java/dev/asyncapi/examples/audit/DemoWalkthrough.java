package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Walks the reference scenario over real HTTP against a running app, printing every request and response:
 * the five validation errors, a submit, polls through Running (with progress) to Completed, a check of the
 * count against the seeder's prediction, and an unknown id.
 *
 * <p>Not thread-safe; use once.
 */
public final class DemoWalkthrough {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(400);
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final URI base;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int mismatches;

    /**
     * Creates the walk.
     *
     * @param base the app's base URI, e.g. {@code http://localhost:7071}
     * @param out  where to print
     */
    public DemoWalkthrough(URI base, PrintStream out) {
        this.base = Objects.requireNonNull(base, "base cannot be null");
        this.out = Objects.requireNonNull(out, "out cannot be null");
    }

    /**
     * Runs the walk.
     *
     * @param start         the first day of the query, as sent ({@code dd/MM/yyyy})
     * @param end           the last day of the query, as sent
     * @param expectedCount what the seeder predicts for the range
     * @return {@code true} if every answer was as expected
     * @throws IOException          if the app cannot be reached
     * @throws InterruptedException if interrupted
     */
    public boolean run(String start, String end, long expectedCount) throws IOException, InterruptedException {
        section("1. Validation errors: 400 with {\"error\": ...}, no job created");
        for (List<String> c : List.of(
                List.of("e=12/08/2021", AuditDates.EMPTY_START),
                List.of("s=2021/13/40&e=12/08/2021", AuditDates.INVALID_START),
                List.of("s=10/08/2021", AuditDates.EMPTY_END),
                List.of("s=10/08/2021&e=tomorrow", AuditDates.INVALID_END),
                List.of("s=12/08/2021&e=10/08/2021", AuditDates.INVALID_RANGE))) {
            HttpResponse<String> r = get("/api/submit/query?" + c.get(0));
            check(r.statusCode() == 400 && c.get(1).equals(json(r).path("error").asText()),
                    "400 " + c.get(1));
        }

        section("2. Submit a count of distinct ids from " + start + " to " + end + " (day first)");
        HttpResponse<String> submitted = get("/api/submit/query?s=" + start + "&e=" + end);
        check(submitted.statusCode() == 202 && submitted.headers().firstValue("Location").isPresent(),
                "202 Accepted with Location and Retry-After");
        String statusUri = json(submitted).path("statusUri").asText();
        if (statusUri.isEmpty()) {
            return false;
        }

        section("3. Poll the status URI until the job is terminal");
        Instant deadline = Instant.now().plus(MAX_WAIT);
        boolean sawRunning = false;
        JsonNode status;
        do {
            HttpResponse<String> r = get(URI.create(statusUri).getRawPath());
            status = json(r);
            sawRunning |= "Running".equals(status.path("status").asText());
            if (isTerminal(status.path("status").asText())) {
                break;
            }
            Thread.sleep(POLL_INTERVAL.toMillis()); // a client's polling cadence, not synchronisation
        } while (Instant.now().isBefore(deadline));
        check(sawRunning, "saw status Running with progress");
        long count = status.path("result").asLong(-1);
        check("Completed".equals(status.path("status").asText()) && count == expectedCount,
                "Completed with result " + count + "; the seeder predicted " + expectedCount);

        section("4. An unknown id");
        HttpResponse<String> unknown = get("/api/status/00000000000000000000000000000000");
        check(unknown.statusCode() == 404 && "Job not found".equals(json(unknown).path("error").asText()),
                "404 Job not found");

        out.println();
        out.println(mismatches == 0 ? "Demo finished: every answer was as expected." :
                "Demo finished with " + mismatches + " MISMATCH(es).");
        return mismatches == 0;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = base.resolve(pathAndQuery);
        out.println();
        out.println("> GET " + uri);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        out.println("< " + r.statusCode());
        for (String h : List.of("Location", "Retry-After")) {
            r.headers().firstValue(h).ifPresent(v -> out.println("< " + h + ": " + v));
        }
        out.println("< " + r.body());
        return r;
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            mismatches++;
        }
        out.println((ok ? "  OK       " : "  MISMATCH ") + what);
    }

    private void section(String title) {
        out.println();
        out.println("=== " + title);
    }

    private static boolean isTerminal(String status) {
        return status.equals("Completed") || status.equals("Failed") || status.equals("Terminated");
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
