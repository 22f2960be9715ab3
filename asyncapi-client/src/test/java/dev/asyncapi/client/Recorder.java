package dev.asyncapi.client;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every request as it arrives, with {@link System#nanoTime()}, and lets a test wait for a request it
 * expects the client to send (a future, not a sleep).
 */
final class Recorder implements Filter {

    /** One request as the server saw it arrive. */
    record Seen(String method, String path, String query, String accept, String idempotencyKey,
                String lastEventId, String user, long nanos) {

        boolean isStatusRead() {
            return method.equals("GET") && path.matches("/jobs/[0-9a-f]{32}");
        }

        boolean isLongPoll() {
            return isStatusRead() && query != null && query.startsWith("wait=");
        }

        boolean isEventStream() {
            return isStatusRead() && accept != null && accept.contains("text/event-stream");
        }

        boolean isSubmit() {
            return method.equals("POST");
        }

        /** The job id of a status read or termination. */
        String jobId() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private record Expectation(Predicate<Seen> matches, CompletableFuture<Seen> seen) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Expectation> expectations = new CopyOnWriteArrayList<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Seen one = new Seen(http.getMethod(), http.getRequestURI(), http.getQueryString(), http.getHeader("Accept"),
                http.getHeader("Idempotency-Key"), http.getHeader("Last-Event-ID"), http.getHeader(JettyServer.USER),
                System.nanoTime());
        synchronized (this) {
            seen.add(one);
            for (Expectation expectation : expectations) {
                if (expectation.matches().test(one) && expectation.seen().complete(one)) {
                    expectations.remove(expectation);
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** Every request so far that matches. */
    List<Seen> all(Predicate<Seen> matches) {
        return seen.stream().filter(matches).toList();
    }

    /**
     * Completes with the {@code nth} (from 1) request that matches, counting those already seen.
     */
    synchronized CompletableFuture<Seen> nth(int nth, Predicate<Seen> matches) {
        List<Seen> already = all(matches);
        if (already.size() >= nth) {
            return CompletableFuture.completedFuture(already.get(nth - 1));
        }
        int[] remaining = {nth - already.size()};
        CompletableFuture<Seen> future = new CompletableFuture<>();
        expectations.add(new Expectation(s -> matches.test(s) && --remaining[0] == 0, future));
        return future;
    }

    /** Completes with the first request that matches, counting those already seen. */
    CompletableFuture<Seen> first(Predicate<Seen> matches) {
        return nth(1, matches);
    }
}
