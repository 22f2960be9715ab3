package dev.asyncapi.servlet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.IdempotencyConflictException;
import dev.asyncapi.core.InvalidJobInputException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobAlreadyTerminalException;
import dev.asyncapi.core.JobContentionException;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobNotFoundException;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.UnknownJobTypeException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Matches requests to routes, runs their actions against the engine and writes the rendered answers. */
final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(AsyncJobsFilter.class.getName());
    /** Beyond the awaited time, how long the container keeps an async request before it times out. */
    private static final long ASYNC_MARGIN_MILLIS = 30_000;
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern WAIT = Pattern.compile("[0-9]{1,9}");
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*");
    private static final int MAX_OWNER_LENGTH = 256;

    private final AsyncJobsHttp http;
    private final AsyncJobs jobs;
    private final List<Route> routes;
    private final PathTemplate statusPath;
    private final PathTemplate resultPath;
    private final String retryAfterSeconds;
    private final ObjectMapper strictJson;

    Dispatcher(AsyncJobsHttp http) {
        this.http = http;
        this.jobs = http.jobs();
        String base = http.basePath();
        this.statusPath = PathTemplate.parse(base + "/{id}");
        this.resultPath = PathTemplate.parse(base + "/{id}/result");
        long seconds = Math.max(1, (http.retryAfter().toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(seconds);
        this.strictJson = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        List<Route> all = new ArrayList<>(http.routes());
        if (http.defaultRoutesEnabled()) {
            all.addAll(defaultRoutes(base, http.defaultRenderer()));
        }
        this.routes = Collections.unmodifiableList(all);
    }

    private List<Route> defaultRoutes(String base, ResponseRenderer renderer) {
        List<Route> list = new ArrayList<>();
        list.add(Route.of("POST", base + "/{type}", this::mapDefaultSubmit, renderer));
        list.add(Route.of("GET", base + "/{id}", request -> RouteAction.status(request.pathVariable("id")), renderer));
        list.add(Route.of("DELETE", base + "/{id}", request -> RouteAction.terminate(request.pathVariable("id")),
                renderer));
        list.add(Route.of("GET", base + "/{id}/result", request -> RouteAction.result(request.pathVariable("id")),
                renderer));
        if (http.managementRole().isPresent()) {
            list.add(Route.of("GET", base, this::mapList, renderer));
            list.add(Route.of("DELETE", base, this::mapPurge, renderer));
        }
        return list;
    }

    AsyncJobsHttp http() {
        return http;
    }

    ResponseRenderer defaultRenderer() {
        return http.defaultRenderer();
    }

    PathTemplate defaultStatusPath() {
        return statusPath;
    }

    PathTemplate defaultResultPath() {
        return resultPath;
    }

    String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    // ---- matching -----------------------------------------------------------------------------

    /**
     * Serves the request if a route takes it.
     *
     * @return false if no route matched or the mapper declined: the caller passes the request on
     */
    boolean handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = pathOf(req);
        String method = req.getMethod();
        Route matched = null;
        Map<String, String> variables = null;
        Route sameTemplate = null;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> v = route.template().match(path);
            if (v == null) {
                continue;
            }
            if (route.method().equals(method)) {
                matched = route;
                variables = v;
                break;
            }
            allowed.add(route.method());
            if (sameTemplate == null) {
                sameTemplate = route;
            }
        }
        if (matched == null) {
            if (!allowed.isEmpty()) {
                RequestContext ctx = new RequestContext(this, sameTemplate, Map.of(), req, path);
                RouteResponse r = ctx.renderer().problem(new Problem(ProblemType.METHOD_NOT_ALLOWED,
                        "The method " + (TYPE_NAME.matcher(method).matches() ? method + " " : "")
                                + "is not allowed here; see the Allow header."), ctx);
                write(resp, r.header("Allow").isPresent() ? r : r.withHeader("Allow", String.join(", ", allowed)));
                return true;
            }
            if (http.defaultRoutesEnabled() && underBasePath(path)) {
                notFound(req, resp);
                return true;
            }
            return false;
        }
        RequestContext ctx = new RequestContext(this, matched, variables, req, path);
        RouteAction action;
        try {
            action = matched.mapper().map(ctx);
            if (action == null) {
                throw new IllegalStateException("the mapper of " + matched + " returned null");
            }
        } catch (RuntimeException e) {
            writeFailure(ctx, resp, e);
            return true;
        }
        if (action.kind() == RouteAction.Kind.DECLINE) {
            return false;
        }
        try {
            execute(action, ctx, resp);
        } catch (RuntimeException e) {
            writeFailure(ctx, resp, e);
        }
        return true;
    }

    /** Answers "no resource here", for the servlet variant and paths under the base path. */
    void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        RequestContext ctx = new RequestContext(this, null, Map.of(), req, pathOf(req));
        write(resp, ctx.renderer().problem(new Problem(ProblemType.RESOURCE_NOT_FOUND, "No resource at this path."),
                ctx));
    }

    private boolean underBasePath(String path) {
        String base = http.basePath();
        return path.equals(base) || path.startsWith(base + "/");
    }

    private static String pathOf(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String context = req.getContextPath();
        if (uri != null && context != null && uri.startsWith(context)) {
            String path = uri.substring(context.length());
            return path.isEmpty() ? "/" : path;
        }
        String servletPath = Optional.ofNullable(req.getServletPath()).orElse("");
        String path = servletPath + Optional.ofNullable(req.getPathInfo()).orElse("");
        return path.isEmpty() ? "/" : path;
    }

    // ---- actions ------------------------------------------------------------------------------

    private void execute(RouteAction action, RequestContext ctx, HttpServletResponse resp) throws IOException {
        ResponseRenderer renderer = ctx.renderer();
        switch (action.kind()) {
            case RESPOND -> write(resp, action.response());
            case PROBLEM -> write(resp, renderer.problem(action.problemValue(), ctx));
            case SUBMIT -> submit(action, ctx, resp);
            case STATUS -> {
                Optional<Job> job = visibleJob(action.target(), ctx);
                if (job.isEmpty()) {
                    write(resp, renderer.notFound(ctx));
                    return;
                }
                Optional<Duration> wait = waitParameter(ctx);
                if (wait.isPresent() && !wait.get().isZero() && !job.get().status().isTerminal()) {
                    awaitThenWrite(ctx, resp, job.get().id(), wait.get(), j -> renderer.status(j, ctx));
                } else {
                    write(resp, renderer.status(job.get(), ctx));
                }
            }
            case RESULT -> {
                Optional<Job> job = visibleJob(action.target(), ctx);
                write(resp, job.isEmpty() ? renderer.notFound(ctx) : renderer.result(job.get(), ctx));
            }
            case TERMINATE -> {
                Optional<Job> job = visibleJob(action.target(), ctx);
                if (job.isEmpty()) {
                    write(resp, renderer.notFound(ctx));
                    return;
                }
                if (job.get().status().isTerminal()) {
                    throw alreadyTerminal(job.get());
                }
                Job terminated;
                try {
                    terminated = jobs.terminate(job.get().id(), "Terminated on request.");
                } catch (JobAlreadyTerminalException e) {
                    throw alreadyTerminal(jobs.find(job.get().id()).orElse(job.get()));
                }
                write(resp, renderer.terminationAccepted(terminated, ctx));
            }
            case DECLINE -> throw new IllegalStateException("a declined request is passed on before execute");
        }
    }

    private static HttpProblemException alreadyTerminal(Job job) {
        return new HttpProblemException(ProblemType.JOB_ALREADY_TERMINAL,
                "The job is already " + job.status().wireName() + ".");
    }

    /** The caller's job with this id; unknown, malformed and foreign ids alike find nothing. */
    private Optional<Job> visibleJob(String id, RequestContext ctx) {
        if (!JobIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return jobs.find(id).filter(job -> job.owner().orElse(OwnerResolver.ANONYMOUS).equals(ctx.owner()));
    }

    private Optional<Duration> waitParameter(RequestContext ctx) {
        Optional<String> raw = ctx.queryParameter("wait");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!WAIT.matcher(raw.get()).matches()) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                    "wait must be a whole number of seconds from 0 to 999999999.");
        }
        return Optional.of(capped(Long.parseLong(raw.get())));
    }

    private Duration capped(long seconds) {
        Duration wait = Duration.ofSeconds(seconds);
        return wait.compareTo(http.maxWait()) > 0 ? http.maxWait() : wait;
    }

    private void submit(RouteAction action, RequestContext ctx, HttpServletResponse resp) throws IOException {
        String type = action.target();
        if (!jobs.isRegistered(type)) {
            throw unknownType(type);
        }
        SubmitOptions.Builder options = SubmitOptions.builder().owner(ctx.owner());
        idempotencyKey(ctx).ifPresent(options::idempotencyKey);
        Preference prefer = Preference.parse(ctx.servletRequest().getHeaders("Prefer"));
        Job job = action.inputIsJsonText()
                ? jobs.submitJson(type, wellFormedJson((String) action.input()), options.build())
                : jobs.submit(type, action.input(), options.build());
        ResponseRenderer renderer = ctx.renderer();
        if (prefer.waitSeconds().isEmpty() || prefer.waitSeconds().get() == 0) {
            RouteResponse accepted = renderer.accepted(job, ctx);
            write(resp, prefer.respondAsync() ? applied(accepted, "respond-async") : accepted);
            return;
        }
        Duration wait = capped(prefer.waitSeconds().get());
        String waitApplied = "wait=" + wait.toSeconds();
        Function<Job, RouteResponse> render = j -> j.status().isTerminal()
                ? applied(renderer.finished(j, ctx), waitApplied)
                : applied(renderer.accepted(j, ctx), prefer.respondAsync() ? "respond-async, " + waitApplied : waitApplied);
        if (job.status().isTerminal() || wait.isZero()) {
            write(resp, render.apply(job));
        } else {
            awaitThenWrite(ctx, resp, job.id(), wait, render);
        }
    }

    private static RouteResponse applied(RouteResponse response, String preferences) {
        return response.header("Preference-Applied").isPresent()
                ? response : response.withHeader("Preference-Applied", preferences);
    }

    private static HttpProblemException unknownType(String type) {
        return new HttpProblemException(ProblemType.UNKNOWN_JOB_TYPE, TYPE_NAME.matcher(type).matches()
                ? "No job type '" + type + "' is registered." : "No such job type is registered.");
    }

    private static Optional<String> idempotencyKey(RequestContext ctx) {
        Enumeration<String> values = ctx.servletRequest().getHeaders("Idempotency-Key");
        if (values == null || !values.hasMoreElements()) {
            return Optional.empty();
        }
        String key = values.nextElement();
        if (values.hasMoreElements()) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "Send at most one Idempotency-Key header.");
        }
        if (key.isEmpty() || key.length() > SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, "Idempotency-Key must be 1 to "
                    + SubmitOptions.MAX_IDEMPOTENCY_KEY_LENGTH + " printable ASCII characters.");
        }
        return Optional.of(key);
    }

    /** Refuses malformed JSON (including trailing data and duplicate names) before anything is stored. */
    private String wellFormedJson(String text) {
        JsonNode tree;
        try {
            tree = strictJson.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HttpProblemException(ProblemType.MALFORMED_JSON,
                    "The body is not well-formed JSON: " + abbreviate(e.getOriginalMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new HttpProblemException(ProblemType.MALFORMED_JSON, "The body is empty; send JSON such as {}.");
        }
        return text;
    }

    private static String abbreviate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 200 ? message : message.substring(0, 197) + "...";
    }

    // ---- waiting without a thread ---------------------------------------------------------------

    private void awaitThenWrite(RequestContext ctx, HttpServletResponse resp, String id, Duration wait,
                                Function<Job, RouteResponse> render) throws IOException {
        HttpServletRequest req = ctx.servletRequest();
        CompletableFuture<Job> future = jobs.awaitAsync(id, wait);
        if (!req.isAsyncSupported()) {
            // Misconfigured registration: still answer correctly, at the cost of a blocked thread.
            LOG.log(System.Logger.Level.DEBUG, "async not supported for {0}; long poll blocks a thread", req.getRequestURI());
            try {
                write(resp, render.apply(future.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(false);
                throw new JobStoreUnavailableException("interrupted while waiting for job " + id, e);
            } catch (ExecutionException e) {
                writeFailure(ctx, resp, e.getCause());
            }
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(wait.toMillis() + ASYNC_MARGIN_MILLIS);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                // The engine always completes the future by the deadline; this is only a safety net.
                if (answered.compareAndSet(false, true)) {
                    try {
                        writeFailure(ctx, resp, new JobStoreUnavailableException("the wait for job " + id + " timed out"));
                    } finally {
                        async.complete();
                    }
                }
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not re-dispatched
            }
        });
        future.whenComplete((job, failure) -> {
            if (answered.get()) {
                return;
            }
            try {
                async.start(() -> {
                    if (!answered.compareAndSet(false, true)) {
                        return;
                    }
                    try {
                        if (failure == null) {
                            write(resp, render.apply(job));
                        } else {
                            writeFailure(ctx, resp, failure);
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "could not answer a long poll for job " + id, e);
                    } finally {
                        async.complete();
                    }
                });
            } catch (IllegalStateException e) {
                // The request already ended (client gone, container stopping): nothing to answer.
                LOG.log(System.Logger.Level.DEBUG, "long poll for job " + id + " ended before its answer", e);
            }
        });
    }

    // ---- management ---------------------------------------------------------------------------

    private void requireManager(RouteRequest request) {
        String role = http.managementRole().orElseThrow();
        if (!request.servletRequest().isUserInRole(role)) {
            throw new HttpProblemException(ProblemType.RESOURCE_NOT_FOUND, "No resource at this path.");
        }
    }

    private RouteAction mapList(RouteRequest request) {
        requireManager(request);
        RequestContext ctx = (RequestContext) request;
        JobQuery.Builder query = JobQuery.builder();
        query.statuses(statuses(ctx));
        ctx.queryParameter("type").ifPresent(query::type);
        ctx.queryParameter("owner").ifPresent(query::owner);
        Instant from = instant(ctx, "createdFrom").orElse(null);
        Instant to = instant(ctx, "createdTo").orElse(null);
        JobPage page;
        try {
            query.createdBetween(from, to);
            ctx.queryParameter("pageSize").ifPresent(size -> query.pageSize(parseInt("pageSize", size)));
            ctx.queryParameter("continuationToken").ifPresent(query::continuationToken);
            page = jobs.query(query.build());
        } catch (IllegalArgumentException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, abbreviate(e.getMessage()));
        }
        JsonWriter json = new JsonWriter().startArray("jobs");
        for (Job job : page.jobs()) {
            json.startObject().string("id", job.id()).string("type", job.type())
                    .string("status", job.status().wireName())
                    .string("owner", job.owner().orElse(OwnerResolver.ANONYMOUS))
                    .number("attempt", job.attempt())
                    .string("createdAt", job.createdAt().toString())
                    .string("updatedAt", job.updatedAt().toString());
            job.finishedAt().ifPresent(at -> json.string("finishedAt", at.toString()));
            json.endObject();
        }
        json.endArray();
        page.continuationToken().ifPresent(token -> json.string("continuationToken", token));
        return RouteAction.respond(RouteResponse.json(200, json.finish()));
    }

    private RouteAction mapPurge(RouteRequest request) {
        requireManager(request);
        RequestContext ctx = (RequestContext) request;
        Instant before = instant(ctx, "finishedBefore").orElseThrow(() -> new HttpProblemException(
                ProblemType.INVALID_REQUEST, "finishedBefore is required, as an ISO-8601 instant."));
        int purged;
        try {
            purged = jobs.purge(statuses(ctx), before);
        } catch (IllegalArgumentException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST, abbreviate(e.getMessage()));
        }
        return RouteAction.respond(RouteResponse.json(200, new JsonWriter().number("purged", purged).finish()));
    }

    private static Set<JobStatus> statuses(RequestContext ctx) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String value : ctx.queryParameters("status")) {
            for (String name : value.split(",")) {
                statuses.add(JobStatus.fromWireName(name.trim()).orElseThrow(() -> new HttpProblemException(
                        ProblemType.INVALID_REQUEST,
                        "status must be Pending, Running, Completed, Failed or Terminated.")));
            }
        }
        return statuses;
    }

    private static Optional<Instant> instant(RequestContext ctx, String name) {
        Optional<String> raw = ctx.queryParameter(name);
        try {
            return raw.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                    name + " must be an ISO-8601 instant such as 2024-01-31T12:00:00Z.");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer.");
        }
    }

    // ---- default submit -----------------------------------------------------------------------

    private RouteAction mapDefaultSubmit(RouteRequest request) {
        String type = request.pathVariable("type");
        if (!jobs.isRegistered(type)) {
            throw unknownType(type);
        }
        String contentType = request.servletRequest().getContentType();
        if (!isJsonUtf8(contentType)) {
            throw new HttpProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the job input as application/json (UTF-8).");
        }
        return RouteAction.submitJson(type, request.bodyText());
    }

    private static boolean isJsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- owners and URIs ----------------------------------------------------------------------

    String ownerOf(HttpServletRequest req) {
        String owner;
        try {
            owner = http.ownerResolver().owner(req);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the owner resolver failed; treating the request as anonymous", e);
            owner = null;
        }
        if (owner == null || owner.isBlank()) {
            return OwnerResolver.ANONYMOUS;
        }
        // Stores bound owners to 256 characters; a longer name is kept distinct by its digest.
        return owner.length() <= MAX_OWNER_LENGTH ? owner : "sha256:" + sha256(owner);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Scheme, authority, forwarded prefix and context path of the request. */
    String origin(HttpServletRequest req) {
        String scheme = req.getScheme().toLowerCase(Locale.ROOT);
        String host = null;
        String prefix = "";
        if (http.trustsForwardedHeaders()) {
            Forwarded forwarded = Forwarded.parse(req.getHeader("Forwarded"));
            String proto = forwarded.proto().orElseGet(() -> firstValue(req.getHeader("X-Forwarded-Proto")));
            host = forwarded.host().orElseGet(() -> firstValue(req.getHeader("X-Forwarded-Host")));
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (host != null && !HOST.matcher(host).matches()) {
                host = null;
            }
            String forwardedPrefix = firstValue(req.getHeader("X-Forwarded-Prefix"));
            if (forwardedPrefix != null && !forwardedPrefix.equals("/")) {
                String trimmed = forwardedPrefix.endsWith("/")
                        ? forwardedPrefix.substring(0, forwardedPrefix.length() - 1) : forwardedPrefix;
                if (PREFIX.matcher(trimmed).matches() && !trimmed.contains("/../") && !trimmed.endsWith("/..")
                        && !trimmed.contains("/./") && !trimmed.endsWith("/.")) {
                    prefix = trimmed;
                }
            }
        }
        if (host == null) {
            host = serverAuthority(req, scheme);
        }
        return scheme + "://" + host + prefix + req.getContextPath();
    }

    private static String serverAuthority(HttpServletRequest req, String scheme) {
        String name = req.getServerName();
        if (name != null && name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        int port = req.getServerPort();
        boolean defaultPort = port <= 0 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
        String authority = defaultPort ? name : name + ":" + port;
        if (authority == null || !HOST.matcher(authority).matches()) {
            authority = "localhost" + (defaultPort ? "" : ":" + port);
        }
        return authority;
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String first = (comma < 0 ? header : header.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }

    // ---- writing ------------------------------------------------------------------------------

    private void writeFailure(RequestContext ctx, HttpServletResponse resp, Throwable failure) throws IOException {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        ResponseRenderer renderer = ctx.renderer();
        if (e instanceof JobNotFoundException) {
            write(resp, renderer.notFound(ctx));
            return;
        }
        write(resp, renderer.problem(problemFor(e), ctx));
    }

    private static Problem problemFor(Throwable e) {
        if (e instanceof HttpProblemException p) {
            return p.problem();
        }
        if (e instanceof UnknownJobTypeException) {
            return new Problem(ProblemType.UNKNOWN_JOB_TYPE, "No such job type is registered.");
        }
        if (e instanceof InvalidJobInputException) {
            return new Problem(ProblemType.INVALID_INPUT, abbreviate(e.getMessage()));
        }
        if (e instanceof IdempotencyConflictException) {
            return new Problem(ProblemType.IDEMPOTENCY_CONFLICT,
                    "This Idempotency-Key was already used with a different job type or input.");
        }
        if (e instanceof JobRejectedException) {
            return new Problem(ProblemType.SERVICE_SATURATED,
                    "The service is busy; nothing was stored. Retry after the Retry-After interval.");
        }
        if (e instanceof JobContentionException) {
            return new Problem(ProblemType.SERVICE_SATURATED,
                    "The job kept changing under this request; nothing was changed. Retry after the Retry-After interval.");
        }
        if (e instanceof JobStoreUnavailableException) {
            return new Problem(ProblemType.STORE_UNAVAILABLE, "The job store is unavailable; retry later.");
        }
        if (e instanceof PayloadTooLargeException) {
            return new Problem(ProblemType.PAYLOAD_TOO_LARGE, "The input is too large to store.");
        }
        if (e instanceof JobAlreadyTerminalException) {
            return new Problem(ProblemType.JOB_ALREADY_TERMINAL, "The job is already terminal.");
        }
        LOG.log(System.Logger.Level.ERROR, "request failed with an unexpected exception", e);
        return new Problem(ProblemType.INTERNAL_ERROR, "The server could not handle the request.");
    }

    private void write(HttpServletResponse resp, RouteResponse r) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(r.status());
        for (Map.Entry<String, String> header : r.headers()) {
            resp.setHeader(header.getKey(), header.getValue());
        }
        if (r.status() == 503 && r.header("Retry-After").isEmpty()) {
            resp.setHeader("Retry-After", retryAfterSeconds);
        }
        if (r.header("Cache-Control").isEmpty()) {
            resp.setHeader("Cache-Control", "no-store");
        }
        byte[] body = r.bodyBytes();
        if (r.contentType().isPresent()) {
            resp.setContentType(r.contentType().get());
        }
        resp.setContentLength(body.length);
        if (body.length > 0) {
            ServletOutputStream out = resp.getOutputStream();
            out.write(body);
        }
    }

    /** The {@code Prefer} preferences this layer understands (RFC 7240); others are ignored, as required. */
    record Preference(boolean respondAsync, Optional<Long> waitSeconds) {
        static Preference parse(Enumeration<String> headers) {
            boolean respondAsync = false;
            Long wait = null;
            while (headers != null && headers.hasMoreElements()) {
                for (String token : headers.nextElement().split(",")) {
                    String preference = token.split(";", 2)[0].trim();
                    int eq = preference.indexOf('=');
                    String name = (eq < 0 ? preference : preference.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                    String value = eq < 0 ? "" : preference.substring(eq + 1).trim().replace("\"", "");
                    if (name.equals("respond-async")) {
                        respondAsync = true;
                    } else if (name.equals("wait") && wait == null && WAIT.matcher(value).matches()) {
                        wait = Long.parseLong(value);
                    }
                }
            }
            return new Preference(respondAsync, Optional.ofNullable(wait));
        }
    }

    /** The first element of an RFC 7239 {@code Forwarded} header: the proxy nearest the client. */
    record Forwarded(Optional<String> proto, Optional<String> host) {
        static Forwarded parse(String header) {
            if (header == null) {
                return new Forwarded(Optional.empty(), Optional.empty());
            }
            String first = header.split(",", 2)[0];
            String proto = null;
            String host = null;
            for (String pair : first.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.equals("proto")) {
                    proto = value;
                } else if (name.equals("host")) {
                    host = value;
                }
            }
            return new Forwarded(Optional.ofNullable(proto), Optional.ofNullable(host));
        }
    }
}
