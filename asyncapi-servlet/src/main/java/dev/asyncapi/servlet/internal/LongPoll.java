package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RouteResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Answers once a job is terminal or a wait runs out ({@code ?wait=N}, {@code Prefer: wait=N}), holding no
 * thread while it waits: the engine's future completes, then the answer is written on a container thread.
 */
final class LongPoll {

    private static final System.Logger LOG = System.getLogger(LongPoll.class.getName());
    /** Beyond the awaited time, how long the container keeps the request before it times out. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}");

    private LongPoll() {
    }

    /** The {@code ?wait=N} of a status read, capped; empty if absent. */
    static Optional<Duration> requestedWait(RequestContext ctx, Duration maxWait) {
        Optional<String> raw = ctx.queryParameter("wait");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!SECONDS.matcher(raw.get()).matches()) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                    "wait must be a whole number of seconds from 0 to 999999999.");
        }
        return Optional.of(capped(Long.parseLong(raw.get()), maxWait));
    }

    static Duration capped(long seconds, Duration maxWait) {
        Duration wait = Duration.ofSeconds(seconds);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /** Waits for a job, then answers with {@code render} of the latest snapshot. */
    static void await(Exchange exchange, String id, Duration wait, Function<Job, RouteResponse> render) {
        CompletableFuture<Job> future = exchange.settings().jobs().awaitAsync(id, wait);
        if (!exchange.canGoAsync()) {
            // Misconfigured registration: still answer correctly, at the cost of a blocked thread.
            LOG.log(System.Logger.Level.DEBUG, "async not supported for {0}; long poll blocks a thread",
                    exchange.request().getRequestURI());
            try {
                exchange.respond(render.apply(future.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(false);
                exchange.problem(new Problem(ProblemType.SERVICE_SATURATED,
                        "The server is stopping; retry later."));
            } catch (ExecutionException e) {
                exchange.fail(e.getCause());
            }
            return;
        }
        exchange.goAsync(wait.plus(MARGIN));
        future.whenComplete((job, failure) -> exchange.respondOnContainerThread(
                () -> {
                    if (failure != null) {
                        return exchange.problemResponse(ProblemMapping.problemFor(failure));
                    }
                    return render.apply(job);
                }));
    }
}
