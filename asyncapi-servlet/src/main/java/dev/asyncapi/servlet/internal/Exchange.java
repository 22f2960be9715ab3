package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.RouteResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One request and its answer: answered exactly once, on the container's thread or, once it
 * {@linkplain #goAsync(Duration) went async}, from whichever thread has the answer, after which the async
 * cycle is completed.
 */
final class Exchange {

    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    private final PipelineSettings settings;
    private final RequestContext context;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final CopyOnWriteArrayList<Runnable> onEnd = new CopyOnWriteArrayList<>();
    private volatile AsyncContext async;
    private volatile boolean over;

    Exchange(PipelineSettings settings, RequestContext context, HttpServletRequest request,
             HttpServletResponse response) {
        this.settings = settings;
        this.context = context;
        this.request = request;
        this.response = response;
    }

    RequestContext context() {
        return context;
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    PipelineSettings settings() {
        return settings;
    }

    /** Whether the answer carries no body: a {@code HEAD} request. */
    boolean headersOnly() {
        return "HEAD".equals(request.getMethod());
    }

    boolean canGoAsync() {
        return async != null || request.isAsyncSupported();
    }

    /**
     * Leaves the container's thread: the request stays open until {@link #respond} or {@link #end}. Going
     * async twice keeps the first cycle.
     *
     * @param timeout when the container gives up on the request; zero for never
     */
    AsyncContext goAsync(Duration timeout) {
        AsyncContext current = async;
        if (current != null) {
            return current;
        }
        AsyncContext started = request.startAsync(request, response);
        started.setTimeout(timeout.toMillis());
        started.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ended();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                // a safety net: body deadlines, long polls and streams end requests before the container does
                if (answered.compareAndSet(false, true)) {
                    write(problemResponse(new Problem(ProblemType.STORE_UNAVAILABLE,
                            "The answer took too long; retry later.")));
                }
                end();
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
                ended();
                end();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // never restarted
            }
        });
        async = started;
        return started;
    }

    /**
     * Runs when the request ends for any reason (answered, client gone, container stopping); at once if it
     * already ended.
     */
    void onEnd(Runnable action) {
        onEnd.add(action);
        if (over) {
            ended();
        }
    }

    /** Answers, once; later answers are ignored. Completes the async cycle. */
    void respond(RouteResponse r) {
        if (answered.compareAndSet(false, true)) {
            write(r);
            end();
        }
    }

    /**
     * Answers from a container thread of the async cycle: for answers that become known on an engine thread,
     * which must not wait on a slow client. Does nothing if the request already ended.
     */
    void respondOnContainerThread(Supplier<RouteResponse> answer) {
        AsyncContext current = async;
        if (current == null || answered.get()) {
            return;
        }
        try {
            current.start(() -> {
                try {
                    respond(answer.get());
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
        } catch (IllegalStateException e) {
            // the request already ended (client gone, container stopping): nothing to answer
            LOG.log(System.Logger.Level.DEBUG, "request " + request.getRequestURI() + " ended before its answer", e);
        }
    }

    /** Answers a failure with its problem, through the route's renderer. */
    void fail(Throwable failure) {
        respond(problemResponse(ProblemMapping.problemFor(failure)));
    }

    /** Answers a problem through the route's renderer ({@code notFound} for an unknown job). */
    void problem(Problem problem) {
        respond(problemResponse(problem));
    }

    /** Marks the answer as given by someone else (an event stream writing its own body). */
    boolean claimAnswer() {
        return answered.compareAndSet(false, true);
    }

    /** Completes the async cycle, if any. */
    void end() {
        AsyncContext current = async;
        if (current != null) {
            try {
                current.complete();
            } catch (IllegalStateException e) {
                // already completed or the request was recycled: nothing left to end
            }
        }
    }

    RouteResponse problemResponse(Problem problem) {
        try {
            return problem.type() == ProblemType.JOB_NOT_FOUND
                    ? context.renderer().notFound(context) : context.renderer().problem(problem, context);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the renderer failed to render a problem", e);
            return StandardRendering.problem(new Problem(ProblemType.INTERNAL_ERROR,
                    "The server could not handle the request."));
        }
    }

    private void write(RouteResponse r) {
        try {
            settings.writer().write(response, r, headersOnly());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not write the answer to " + request.getRequestURI(), e);
        }
    }

    private void ended() {
        over = true;
        for (Runnable action : onEnd) {
            if (!onEnd.remove(action)) {
                continue;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cleaning up after a request failed", e);
            }
        }
    }
}
