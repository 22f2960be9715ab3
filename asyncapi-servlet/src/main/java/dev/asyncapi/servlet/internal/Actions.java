package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobAlreadyTerminalException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.TraceContext;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.servlet.RouteResponse;

import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Carries out what a mapper decided, against the engine, and answers through the route's renderer. */
final class Actions {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final PipelineSettings settings;
    private final EventStreams eventStreams;

    Actions(PipelineSettings settings, EventStreams eventStreams) {
        this.settings = settings;
        this.eventStreams = eventStreams;
    }

    void run(RouteAction action, Exchange exchange, CompiledRoute route) {
        RequestContext ctx = exchange.context();
        ResponseRenderer renderer = ctx.renderer();
        // Java 17: no pattern matching in switch; the chain covers every record of the sealed interface
        if (action instanceof RouteAction.Respond respond) {
            exchange.respond(respond.response());
        } else if (action instanceof RouteAction.Reject reject) {
            exchange.problem(reject.problem());
        } else if (action instanceof RouteAction.Submit submit) {
            submit(exchange, submit.type(), jobs -> jobs.submit(submit.type(), submit.input(), options(ctx)));
        } else if (action instanceof RouteAction.SubmitJson submit) {
            submit(exchange, submit.type(), jobs -> jobs.submitJson(submit.type(), submit.inputJson(), options(ctx)));
        } else if (action instanceof RouteAction.Status status) {
            status(exchange, route, status.id());
        } else if (action instanceof RouteAction.Result result) {
            Optional<Job> job = visibleJob(result.id(), ctx);
            exchange.respond(job.isEmpty() ? renderer.notFound(ctx) : renderer.result(job.get(), ctx));
        } else if (action instanceof RouteAction.Terminate terminate) {
            terminate(exchange, terminate.id());
        } else {
            throw new IllegalStateException("a declined request is passed on before it is run");
        }
    }

    /** Whether an action changes something, which a {@code HEAD} request must not do. */
    static boolean isUnsafe(RouteAction action) {
        return action instanceof RouteAction.Submit || action instanceof RouteAction.SubmitJson
                || action instanceof RouteAction.Terminate;
    }

    private void status(Exchange exchange, CompiledRoute route, String id) {
        RequestContext ctx = exchange.context();
        Optional<Job> job = visibleJob(id, ctx);
        if (job.isEmpty()) {
            exchange.respond(ctx.renderer().notFound(ctx));
            return;
        }
        if (route.eventStream() && !exchange.headersOnly()
                && ContentTypes.acceptsEventStream(exchange.request().getHeader("Accept"))) {
            eventStreams.stream(exchange, job.get());
            return;
        }
        Optional<Duration> wait = LongPoll.requestedWait(ctx, settings.http().maxWait());
        if (wait.isPresent() && !wait.get().isZero() && !job.get().status().isTerminal()) {
            LongPoll.await(exchange, job.get().id(), wait.get(), j -> ctx.renderer().status(j, ctx));
        } else {
            exchange.respond(ctx.renderer().status(job.get(), ctx));
        }
    }

    private void terminate(Exchange exchange, String id) {
        RequestContext ctx = exchange.context();
        Optional<Job> job = visibleJob(id, ctx);
        if (job.isEmpty()) {
            exchange.respond(ctx.renderer().notFound(ctx));
            return;
        }
        if (job.get().status().isTerminal()) {
            throw alreadyTerminal(job.get());
        }
        Job terminated;
        try {
            terminated = settings.jobs().terminate(job.get().id(), "Terminated on request.");
        } catch (JobAlreadyTerminalException e) {
            throw alreadyTerminal(settings.jobs().find(job.get().id()).orElse(job.get()));
        } catch (PayloadTooLargeException e) {
            throw ProblemMapping.terminationTooLarge();
        }
        exchange.respond(ctx.renderer().terminationAccepted(terminated, ctx));
    }

    private void submit(Exchange exchange, String type, Function<AsyncJobs, Job> submit) {
        RequestContext ctx = exchange.context();
        if (!settings.jobs().isRegistered(type)) {
            throw unknownType(type);
        }
        Preferences prefer = Preferences.parse(exchange.request().getHeaders("Prefer"));
        Job job = submit.apply(settings.jobs());
        ResponseRenderer renderer = ctx.renderer();
        if (!prefer.waits()) {
            RouteResponse accepted = renderer.accepted(job, ctx);
            exchange.respond(prefer.respondAsync() ? applied(accepted, "respond-async") : accepted);
            return;
        }
        Duration wait = LongPoll.capped(prefer.waitSeconds().orElseThrow(), settings.http().maxWait());
        String waitApplied = "wait=" + wait.toSeconds();
        Function<Job, RouteResponse> render = j -> j.status().isTerminal()
                ? applied(renderer.finished(j, ctx), waitApplied)
                : applied(renderer.accepted(j, ctx), prefer.respondAsync() ? "respond-async, " + waitApplied : waitApplied);
        if (job.status().isTerminal() || wait.isZero()) {
            exchange.respond(render.apply(job));
        } else {
            LongPoll.await(exchange, job.id(), wait, render);
        }
    }

    private SubmitOptions options(RequestContext ctx) {
        SubmitOptions.Builder options = SubmitOptions.builder().owner(ctx.owner());
        IdempotencyKeys.parse(ctx.servletRequest().getHeaders("Idempotency-Key")).ifPresent(options::idempotencyKey);
        // the W3C trace context of the submit is kept with the job, so its run continues the caller's trace
        TraceContext.fromHeaders(ctx.servletRequest().getHeader("traceparent"),
                String.join(",", Collections.list(ctx.servletRequest().getHeaders("tracestate"))))
                .ifPresent(options::traceContext);
        CallbackUrls.parse(ctx.servletRequest().getHeaders(AsyncJobsHttp.CALLBACK_HEADER),
                settings.http().callbackPolicy()).ifPresent(options::callbackUrl);
        return options.build();
    }

    /** The caller's job with this id; unknown, malformed and foreign ids alike find nothing. */
    Optional<Job> visibleJob(String id, RequestContext ctx) {
        return settings.jobs().find(id).filter(job -> Owners.isVisibleTo(job, ctx.owner()));
    }

    static HttpProblemException unknownType(String type) {
        return new HttpProblemException(ProblemType.UNKNOWN_JOB_TYPE, TYPE_NAME.matcher(type).matches()
                ? "No job type '" + type + "' is registered." : "No such job type is registered.");
    }

    private static HttpProblemException alreadyTerminal(Job job) {
        return new HttpProblemException(ProblemType.JOB_ALREADY_TERMINAL,
                "The job is already " + job.status().wireName() + ".");
    }

    private static RouteResponse applied(RouteResponse response, String preferences) {
        return response.header("Preference-Applied").isPresent()
                ? response : response.withHeader("Preference-Applied", preferences);
    }
}
