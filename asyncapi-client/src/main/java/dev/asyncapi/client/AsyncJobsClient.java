package dev.asyncapi.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A client of an asyncapi endpoint (the asynchronous request-reply HTTP contract): submit a job, wait for it,
 * read its typed result, terminate it. The {@linkplain dev.asyncapi.client package overview} has a complete
 * example (build, submit, await the typed result, or both in one call) and states the client's defaults.
 *
 * <p>Requests that fail on the network or are answered {@code 503} are sent again under the
 * {@link RetryPolicy}; every request this client sends is safe to repeat (a submit carries one
 * {@code Idempotency-Key} on all its attempts). Error answers become {@link ProblemException}s; see the
 * package documentation for the whole hierarchy.
 *
 * <p>Immutable and thread-safe: build one per endpoint and share it. It owns no threads: requests run on the
 * {@link HttpClient}'s executor, pauses on {@link CompletableFuture#delayedExecutor}. Stages that callers add to
 * the returned futures may run on those threads, so heavy work belongs in the {@code *Async} variants.
 */
public final class AsyncJobsClient {

    private static final System.Logger LOG = System.getLogger(AsyncJobsClient.class.getName());

    /** Default of {@link Builder#connectTimeout(Duration)}: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default of {@link Builder#requestTimeout(Duration)}: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The longest {@code Idempotency-Key} the contract accepts: {@value} characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final URI baseUri;
    private final Transport transport;
    private final Waiting waiting;
    private final ApiProfile profile;
    private final boolean terminateOnCancel;

    private AsyncJobsClient(Builder builder, Transport transport) {
        this.baseUri = builder.baseUri;
        this.transport = transport;
        this.waiting = builder.waiting == null ? Waiting.longPoll() : builder.waiting;
        this.profile = builder.profile == null ? ApiProfile.STANDARD : builder.profile;
        this.terminateOnCancel = Boolean.TRUE.equals(builder.terminateOnCancel);
    }

    /**
     * Starts a builder for the endpoint whose jobs live under {@code baseUri}: the server's base path, so that
     * {@code POST {baseUri}/{type}} submits and {@code {baseUri}/{id}} is a job's status. A trailing slash is
     * ignored.
     *
     * @param baseUri e.g. {@code http://localhost:8080/jobs}; absolute {@code http} or {@code https}, with a
     *                host, without query or fragment
     * @return a new builder
     * @throws NullPointerException     if {@code baseUri} is null
     * @throws IllegalArgumentException if {@code baseUri} is not such a URI; the message names it
     */
    public static Builder builder(URI baseUri) {
        return new Builder(checkBaseUri(baseUri));
    }

    private static URI checkBaseUri(URI baseUri) {
        Objects.requireNonNull(baseUri, "baseUri cannot be null");
        String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUri.isAbsolute() || baseUri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("baseUri must be an absolute http or https URI, was '" + baseUri + "'");
        }
        if (baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must name a host, was '" + baseUri + "'");
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri cannot have a query or fragment, was '" + baseUri + "'");
        }
        String text = baseUri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /**
     * Returns the base URI jobs are submitted under.
     *
     * @return the base URI, without a trailing slash
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Returns the handle of a job known by its id: its status URI is {@code {baseUri}/{id}}. Nothing is sent;
     * an id the server does not know (or that belongs to another principal) fails later with
     * {@link JobNotFoundException}.
     *
     * @param id the job id
     * @return the handle
     * @throws NullPointerException     if {@code id} is null
     * @throws IllegalArgumentException if {@code id} is blank
     */
    public JobHandle handle(String id) {
        Objects.requireNonNull(id, "id cannot be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id cannot be blank");
        }
        return new JobHandle(id, child(id));
    }

    /**
     * Submits a job and returns its handle once the server accepted it. Blocks for the submit, its retries
     * included; does not wait for the job.
     *
     * <p>A fresh {@code Idempotency-Key} is sent, the same on every retry, so a submit whose answer was lost on
     * the network and is sent again finds the job the first attempt created instead of creating a second.
     *
     * @param type  the job type, a path segment after the base URI (percent-encoded as needed)
     * @param input the job's input, written as JSON with the client's {@link ObjectMapper}
     * @return the handle: the job id and its status URI (the answer's {@code Location}, or
     *         {@code Operation-Location} in the Azure profile)
     * @throws NullPointerException           if {@code type} is null
     * @throws IllegalArgumentException       if {@code type} is blank or {@code input} cannot be written as JSON
     * @throws UnknownJobTypeException        if the server has no handler for {@code type}
     * @throws InvalidInputException          if the server refused the input
     * @throws ServiceUnavailableException    if the server answered {@code 503} on every attempt
     * @throws TransportException             if no attempt got an answer
     * @throws ProblemException               for any other error answer
     * @throws UnexpectedResponseException    if the answer named no status resource
     * @throws AsyncJobsClientException       if the calling thread was interrupted
     */
    public JobHandle submit(String type, Object input) {
        return join(submitAsync(type, input, UUID.randomUUID().toString(), null), "submitting a " + type + " job");
    }

    /**
     * Submits a job with the caller's {@code Idempotency-Key}, for callers that may submit the same work again
     * later (after a restart, say): the server answers the same key and payload from this principal with the
     * job it already has, and the same key with another type or payload with {@link IdempotencyConflictException}.
     * Otherwise as {@link #submit(String, Object)}.
     *
     * @param type           the job type
     * @param input          the job's input
     * @param idempotencyKey 1 to {@value #MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, no leading
     *                       or trailing space
     * @return the handle of the job this key stands for
     * @throws NullPointerException          if {@code type} or {@code idempotencyKey} is null
     * @throws IllegalArgumentException      if {@code type} is blank, {@code idempotencyKey} is malformed, or
     *                                       {@code input} cannot be written as JSON
     * @throws IdempotencyConflictException  if the key was used with another type or payload
     * @throws AsyncJobsClientException      for the other failures listed at {@link #submit(String, Object)}
     */
    public JobHandle submit(String type, Object input, String idempotencyKey) {
        return join(submitAsync(type, input, checkIdempotencyKey(idempotencyKey), null),
                "submitting a " + type + " job");
    }

    /**
     * Submits a job and waits for its result: {@link #submit(String, Object)} then
     * {@link #awaitResult(JobHandle, Class)}, without blocking the caller.
     *
     * <p>Cancelling the returned future while the submit is still in flight lets that request finish but
     * sends no retry of it; with {@link Builder#terminateOnCancel(boolean)} a job the submit created is then
     * terminated. Cancelling it later behaves as for {@link #awaitResult(JobHandle, Class)}.
     *
     * @param type       the job type
     * @param input      the job's input
     * @param outputType the class the job's output binds to with the client's {@link ObjectMapper}
     * @param <O>        the output type
     * @return a future of the output; it fails with the exceptions of {@link #submit(String, Object)} and
     *         {@link #awaitResult(JobHandle, Class)}
     * @throws NullPointerException     if {@code type} or {@code outputType} is null
     * @throws IllegalArgumentException if {@code type} is blank or {@code input} cannot be written as JSON
     */
    public <O> CompletableFuture<O> run(String type, Object input, Class<O> outputType) {
        Objects.requireNonNull(outputType, "outputType cannot be null");
        CompletableFuture<O> future = new CompletableFuture<>();
        submitAsync(type, input, UUID.randomUUID().toString(), future).whenComplete((handle, failure) -> {
            if (failure != null) {
                future.completeExceptionally(clientFailure(failure));
            } else if (future.isCancelled()) {
                if (terminateOnCancel) {
                    terminateQuietly(handle);
                }
            } else if (!future.isDone()) {
                follow(handle, future, status -> outcome(status, outputType, future));
            }
        });
        return future;
    }

    /**
     * Waits for a job to end and completes with its output, bound to {@code outputType}. Waits as the builder's
     * {@link Waiting} says (a long poll by default), sending no request while the server holds one.
     *
     * <p>Cancelling the returned future (or completing it otherwise, e.g. with {@code orTimeout}) stops the
     * wait and aborts the request in flight; the job itself keeps running unless the client was built with
     * {@link Builder#terminateOnCancel(boolean)}, in which case a cancellation also sends one termination
     * request for the job, in the background, whose outcome (a job that had already ended, a network error) is
     * only logged at {@code DEBUG}.
     *
     * @param handle     the job
     * @param outputType the class the output binds to with the client's {@link ObjectMapper}; a Completed job
     *                   whose status carries no result binds JSON {@code null}
     * @param <O>        the output type
     * @return a future of the output, failing with {@link JobFailedException} (the job Failed; carries its
     *         code and message), {@link JobTerminatedException} (it was Terminated),
     *         {@link JobNotFoundException}, {@link ServiceUnavailableException}, {@link TransportException},
     *         {@link UnexpectedResponseException} (also when the output does not bind to {@code outputType}) or
     *         another {@link ProblemException}
     * @throws NullPointerException if an argument is null
     */
    public <O> CompletableFuture<O> awaitResult(JobHandle handle, Class<O> outputType) {
        Objects.requireNonNull(handle, "handle cannot be null");
        Objects.requireNonNull(outputType, "outputType cannot be null");
        CompletableFuture<O> future = new CompletableFuture<>();
        follow(handle, future, status -> outcome(status, outputType, future));
        return future;
    }

    /**
     * Waits for a job to end and completes with its terminal status, whichever it is: a Failed or Terminated
     * job completes the future normally. Cancellation as for {@link #awaitResult(JobHandle, Class)}.
     *
     * @param handle the job
     * @return a future of the terminal status, failing with {@link JobNotFoundException},
     *         {@link ServiceUnavailableException}, {@link TransportException},
     *         {@link UnexpectedResponseException} or another {@link ProblemException}
     * @throws NullPointerException if {@code handle} is null
     */
    public CompletableFuture<JobStatus> awaitTerminal(JobHandle handle) {
        Objects.requireNonNull(handle, "handle cannot be null");
        CompletableFuture<JobStatus> future = new CompletableFuture<>();
        follow(handle, future, CompletableFuture::completedFuture);
        return future;
    }

    /**
     * Reads a job's status once. Blocks for the read, its retries included.
     *
     * @param handle the job
     * @return its status now
     * @throws NullPointerException        if {@code handle} is null
     * @throws JobNotFoundException        if no such job is visible to this caller
     * @throws ServiceUnavailableException if the server answered {@code 503} on every attempt
     * @throws TransportException          if no attempt got an answer
     * @throws ProblemException            for any other error answer
     * @throws UnexpectedResponseException if the answer is not a status
     * @throws AsyncJobsClientException    if the calling thread was interrupted
     */
    public JobStatus status(JobHandle handle) {
        Objects.requireNonNull(handle, "handle cannot be null");
        CompletableFuture<JobStatus> read = transport.send("GET", handle.statusUri(),
                Map.of("Accept", Transport.ACCEPT_JSON), null, transport.requestTimeout, null)
                .thenApply(answer -> JobWait.read(answer, profile, handle, transport));
        return join(read, "reading the status of job " + handle.id());
    }

    /**
     * Terminates a job: {@code DELETE} on its status URI. Blocks for the request, its retries included. The
     * handler of a running job is asked to stop (and interrupted); a job that is already Terminated, also by
     * an earlier attempt of this call whose answer was lost, answers its status again.
     *
     * @param handle the job
     * @return the job's status after termination (Terminated)
     * @throws NullPointerException          if {@code handle} is null
     * @throws JobAlreadyTerminalException   if the job had already Completed or Failed
     * @throws JobNotFoundException          if no such job is visible to this caller
     * @throws ServiceUnavailableException   if the server answered {@code 503} on every attempt
     * @throws TransportException            if no attempt got an answer
     * @throws ProblemException              for any other error answer
     * @throws UnexpectedResponseException   if the answer is not a status
     * @throws AsyncJobsClientException      if the calling thread was interrupted
     */
    public JobStatus terminate(JobHandle handle) {
        Objects.requireNonNull(handle, "handle cannot be null");
        return join(terminateAsync(handle, null), "terminating job " + handle.id());
    }

    @Override
    public String toString() {
        return "AsyncJobsClient[" + baseUri + ", " + profile + ", " + waiting + ", " + transport.policy + "]";
    }

    // ---- the work behind the public methods

    private CompletableFuture<JobHandle> submitAsync(String type, Object input, String idempotencyKey,
                                                     CompletableFuture<?> owner) {
        Objects.requireNonNull(type, "type cannot be null");
        if (type.isBlank()) {
            throw new IllegalArgumentException("type cannot be blank");
        }
        byte[] body;
        try {
            body = transport.mapper.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the input of a " + type + " job cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
        URI uri = child(type);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Accept", Transport.ACCEPT_JSON,
                "Idempotency-Key", idempotencyKey);
        return transport.send("POST", uri, headers, body, transport.requestTimeout, owner).thenApply(this::accepted);
    }

    /** The handle an accepted submit names: the profile's header, else (standard) the body's statusUri. */
    private JobHandle accepted(Answer answer) {
        if (!answer.isSuccess()) {
            throw Problems.exception(answer, transport.mapper, 1);
        }
        JsonNode body = null;
        try {
            body = Json.object(transport.mapper, answer.body(), "the answer to " + answer.request());
        } catch (UnexpectedResponseException e) {
            // the status resource may still be named by a header; the id then comes from it
        }
        JsonNode bodyOrEmpty = body == null ? transport.mapper.createObjectNode() : body;
        URI monitor = answer.headers().firstValue(profile.monitorHeader())
                .map(value -> resolve(answer, value))
                .or(() -> profile.monitorFromBody(bodyOrEmpty, answer.uri()))
                .orElseThrow(() -> new UnexpectedResponseException(answer.request() + " answered "
                        + answer.status() + " without " + profile.monitorHeader() + ": "
                        + Json.excerpt(answer.body()), null));
        JsonNode id = bodyOrEmpty.get("id");
        String jobId = id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : lastSegment(monitor);
        return new JobHandle(jobId, monitor);
    }

    private static URI resolve(Answer answer, String value) {
        try {
            return answer.uri().resolve(value.strip());
        } catch (IllegalArgumentException e) {
            throw new UnexpectedResponseException(answer.request() + " answered a status URI that is not a URI: "
                    + Json.excerpt(value), e);
        }
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        if (segment.isEmpty()) {
            throw new UnexpectedResponseException("the status URI " + uri + " names no job id", null);
        }
        return segment;
    }

    private CompletableFuture<JobStatus> terminateAsync(JobHandle handle, CompletableFuture<?> owner) {
        return transport.send("DELETE", handle.statusUri(), Map.of("Accept", Transport.ACCEPT_JSON), null,
                transport.requestTimeout, owner).thenCompose(answer -> {
                    if (!answer.isSuccess()) {
                        ProblemException problem = Problems.exception(answer, transport.mapper, 1);
                        if (!(problem instanceof JobAlreadyTerminalException conflict)) {
                            throw problem;
                        }
                        // already terminal: Terminated (perhaps by an attempt whose answer was lost) is success
                        return transport.send("GET", handle.statusUri(), Map.of("Accept", Transport.ACCEPT_JSON),
                                null, transport.requestTimeout, owner).thenApply(read -> {
                                    JobStatus status = JobWait.read(read, profile, handle, transport);
                                    if (status.state() != JobState.TERMINATED) {
                                        throw conflict;
                                    }
                                    return status;
                                });
                    }
                    return CompletableFuture.completedFuture(profile.status(Json.object(transport.mapper,
                            answer.body(), "the answer to " + answer.request()), answer.uri()));
                });
    }

    private void terminateQuietly(JobHandle handle) {
        terminateAsync(handle, null).whenComplete((status, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, () -> "terminating job " + handle.id()
                        + " after its wait was cancelled did not succeed", Retries.unwrap(failure));
            }
        });
    }

    /** Waits for the job and completes {@code future} from its terminal status through {@code outcome}. */
    private <T> void follow(JobHandle handle, CompletableFuture<T> future,
                            java.util.function.Function<JobStatus, CompletableFuture<T>> outcome) {
        CompletableFuture<JobStatus> waiting = JobWait.start(transport, profile, this.waiting, handle);
        future.whenComplete((value, failure) -> {
            waiting.cancel(true);
            if (future.isCancelled() && terminateOnCancel) {
                terminateQuietly(handle);
            }
        });
        waiting.thenCompose(outcome).whenComplete((value, failure) -> {
            if (failure != null) {
                future.completeExceptionally(clientFailure(failure));
            } else {
                future.complete(value);
            }
        });
    }

    /** The output of a Completed job, or the typed failure of a Failed or Terminated one. */
    private <O> CompletableFuture<O> outcome(JobStatus status, Class<O> outputType, CompletableFuture<?> owner) {
        return switch (status.state()) {
            case COMPLETED -> {
                if (status.resultNode() != null || status.resultLocation().isEmpty()) {
                    JsonNode output = status.resultNode() == null ? NullNode.getInstance() : status.resultNode();
                    yield CompletableFuture.completedFuture(bind(status.id(), output, outputType));
                }
                URI location = status.resultLocation().get();
                yield transport.send("GET", location, Map.of("Accept", Transport.ACCEPT_JSON), null,
                        transport.requestTimeout, owner).thenApply(answer -> {
                            if (!answer.isSuccess()) {
                                throw Problems.exception(answer, transport.mapper, 1);
                            }
                            JsonNode output;
                            try {
                                output = transport.mapper.readTree(answer.body());
                            } catch (JsonProcessingException e) {
                                throw new UnexpectedResponseException("the result of job " + status.id()
                                        + " is not JSON: " + Json.excerpt(answer.body()), e);
                            }
                            return bind(status.id(), output == null ? NullNode.getInstance() : output, outputType);
                        });
            }
            case FAILED -> CompletableFuture.failedFuture(new JobFailedException(status.id(),
                    status.failure().map(JobFailure::code).orElse(""),
                    status.failure().map(JobFailure::message).orElse("")));
            case TERMINATED -> CompletableFuture.failedFuture(new JobTerminatedException(status.id(),
                    status.failure().map(JobFailure::code).orElse(""),
                    status.failure().map(JobFailure::message).orElse("")));
            case PENDING, RUNNING -> throw new IllegalStateException("not terminal: " + status);
        };
    }

    private <O> O bind(String jobId, JsonNode output, Class<O> outputType) {
        try {
            return transport.mapper.treeToValue(output, outputType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnexpectedResponseException("the result of job " + jobId + " does not bind to "
                    + outputType.getName() + ": " + Json.excerpt(output), e);
        }
    }

    private URI child(String segment) {
        return URI.create(baseUri + "/" + encodeSegment(segment));
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String checkIdempotencyKey(String key) {
        Objects.requireNonNull(key, "idempotencyKey cannot be null");
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || !key.strip().equals(key)) {
            throw new IllegalArgumentException("idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " printable ASCII characters without leading or trailing spaces, was '" + key + "'");
        }
        return key;
    }

    /** What a future of this client fails with: the client's own exceptions as they are, others wrapped. */
    private static Throwable clientFailure(Throwable failure) {
        Throwable cause = Retries.unwrap(failure);
        if (cause instanceof AsyncJobsClientException || cause instanceof CancellationException
                || cause instanceof Error) {
            return cause;
        }
        return new AsyncJobsClientException("unexpected failure: " + cause, cause);
    }

    private static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new AsyncJobsClientException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = clientFailure(e.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) cause;
        }
    }

    /**
     * Builds an {@link AsyncJobsClient}. Every setting has a default and may be set once; setting one twice
     * fails with an {@link IllegalStateException} naming the value it already has. Not thread-safe.
     */
    public static final class Builder {

        /** Headers the client sets itself, and those the JDK's HttpClient refuses. */
        private static final Set<String> RESERVED_HEADERS = Set.of("accept", "content-type", "idempotency-key",
                "last-event-id", "connection", "content-length", "expect", "host", "upgrade");

        private final URI baseUri;
        private HttpClient httpClient;
        private ObjectMapper objectMapper;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private RetryPolicy retryPolicy;
        private Waiting waiting;
        private ApiProfile profile;
        private Boolean terminateOnCancel;
        private final List<Transport.HeaderSource> headers = new ArrayList<>();

        private Builder(URI baseUri) {
            this.baseUri = baseUri;
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }

        /**
         * Sets the {@link HttpClient} that sends every request. Default: one the client builds with
         * {@link #connectTimeout(Duration)}, no redirects followed, and the JDK's defaults otherwise (HTTP/2
         * where the server offers it). A client given here is used as it is: configure its connect timeout,
         * proxy, TLS and executor on it.
         *
         * @param httpClient the HTTP client
         * @return this builder
         * @throws NullPointerException  if {@code httpClient} is null
         * @throws IllegalStateException if it was already set
         */
        public Builder httpClient(HttpClient httpClient) {
            Objects.requireNonNull(httpClient, "httpClient cannot be null");
            requireUnset(this.httpClient, "httpClient");
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Sets the {@link ObjectMapper} that writes inputs and binds outputs. Default: {@code new ObjectMapper()}.
         * Pass the application's own mapper so job payloads see its modules and settings.
         *
         * @param objectMapper the mapper
         * @return this builder
         * @throws NullPointerException  if {@code objectMapper} is null
         * @throws IllegalStateException if it was already set
         */
        public Builder objectMapper(ObjectMapper objectMapper) {
            Objects.requireNonNull(objectMapper, "objectMapper cannot be null");
            requireUnset(this.objectMapper, "objectMapper");
            this.objectMapper = objectMapper;
            return this;
        }

        /**
         * Sets how long the built-in {@link HttpClient} tries to connect. Default 10 s. Cannot be combined with
         * {@link #httpClient(HttpClient)}: set it on that client instead.
         *
         * @param connectTimeout positive
         * @return this builder
         * @throws NullPointerException     if {@code connectTimeout} is null
         * @throws IllegalArgumentException if it is zero or negative
         * @throws IllegalStateException    if it was already set
         */
        public Builder connectTimeout(Duration connectTimeout) {
            requireUnset(this.connectTimeout, "connectTimeout");
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long a request may take to be answered (its status and headers) before it counts as a
         * network error (and is retried). A long poll gets its wait on top. Also the longest silence an event
         * stream may keep (the server sends keep-alive comments, every 15 s by default) before it is reopened.
         * Default 30 s.
         *
         * @param requestTimeout positive
         * @return this builder
         * @throws NullPointerException     if {@code requestTimeout} is null
         * @throws IllegalArgumentException if it is zero or negative
         * @throws IllegalStateException    if it was already set
         */
        public Builder requestTimeout(Duration requestTimeout) {
            requireUnset(this.requestTimeout, "requestTimeout");
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Sets when requests are sent again. Default {@link RetryPolicy#ofDefaults()}; {@link RetryPolicy#none()}
         * sends each once.
         *
         * @param retryPolicy the policy
         * @return this builder
         * @throws NullPointerException  if {@code retryPolicy} is null
         * @throws IllegalStateException if it was already set
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            Objects.requireNonNull(retryPolicy, "retryPolicy cannot be null");
            requireUnset(this.retryPolicy, "retryPolicy");
            this.retryPolicy = retryPolicy;
            return this;
        }

        /**
         * Sets how the client waits for jobs to end. Default {@link Waiting#longPoll()}.
         *
         * @param waiting long poll, event stream or polling
         * @return this builder
         * @throws NullPointerException  if {@code waiting} is null
         * @throws IllegalStateException if it was already set
         */
        public Builder waiting(Waiting waiting) {
            Objects.requireNonNull(waiting, "waiting cannot be null");
            requireUnset(this.waiting, "waiting");
            this.waiting = waiting;
            return this;
        }

        /**
         * Sets how the server shapes its answers. Default {@link ApiProfile#STANDARD}.
         *
         * @param profile the profile the server was configured with
         * @return this builder
         * @throws NullPointerException  if {@code profile} is null
         * @throws IllegalStateException if it was already set
         */
        public Builder profile(ApiProfile profile) {
            Objects.requireNonNull(profile, "profile cannot be null");
            requireUnset(this.profile, "profile");
            this.profile = profile;
            return this;
        }

        /**
         * Sets whether cancelling a future of {@link AsyncJobsClient#run(String, Object, Class)},
         * {@link AsyncJobsClient#awaitResult(JobHandle, Class)} or {@link AsyncJobsClient#awaitTerminal(JobHandle)}
         * also terminates the job. Default {@code false}: cancelling only stops waiting and the job runs on.
         * With {@code true}, the cancellation sends one termination in the background (under the retry policy);
         * a job that has meanwhile ended is left as it is. Only cancellation does this; a future completed
         * otherwise (a timeout, say) just stops waiting.
         *
         * @param terminate whether a cancellation terminates the job
         * @return this builder
         * @throws IllegalStateException if it was already set
         */
        public Builder terminateOnCancel(boolean terminate) {
            requireUnset(this.terminateOnCancel, "terminateOnCancel");
            this.terminateOnCancel = terminate;
            return this;
        }

        /**
         * Adds a header with a fixed value to every request.
         *
         * @param name  an HTTP header name the client does not set itself
         * @param value the value; no line breaks
         * @return this builder
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if {@code name} is not a header name, is one the client sets itself
         *                                  ({@code Accept}, {@code Content-Type}, {@code Idempotency-Key},
         *                                  {@code Last-Event-ID}) or the JDK refuses, or was already added; or
         *                                  if {@code value} has a line break
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(value, "value of header " + name + " cannot be null");
            checkValue(name, value);
            return header(name, () -> value);
        }

        /**
         * Adds a header to every request whose value is asked of {@code value} each time a request is sent,
         * retries included, e.g. {@code header("Authorization", () -> "Bearer " + tokens.current())}. A supplier
         * answering null adds nothing to that request; one that throws fails the call with an
         * {@link AsyncJobsClientException} whose cause is what it threw. It may be called on any thread.
         *
         * @param name  an HTTP header name the client does not set itself
         * @param value supplies the value; thread-safe
         * @return this builder
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if {@code name} is not a header name, is one the client sets itself
         *                                  or the JDK refuses, or was already added
         */
        public Builder header(String name, Supplier<String> value) {
            Objects.requireNonNull(name, "header name cannot be null");
            Objects.requireNonNull(value, "value supplier of header " + name + " cannot be null");
            if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new IllegalArgumentException("'" + name + "' is not an HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is set by the client or the JDK, not here");
            }
            if (headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("header " + name + " was already added");
            }
            headers.add(new Transport.HeaderSource(name, value));
            return this;
        }

        /**
         * Builds the client.
         *
         * @return an immutable, thread-safe client
         * @throws IllegalStateException if both {@link #httpClient(HttpClient)} and
         *                               {@link #connectTimeout(Duration)} were set
         */
        public AsyncJobsClient build() {
            if (httpClient != null && connectTimeout != null) {
                throw new IllegalStateException("connectTimeout applies to the HttpClient the client builds; "
                        + "set it on the given httpClient " + httpClient + " instead");
            }
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .connectTimeout(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            Transport transport = new Transport(http, objectMapper == null ? new ObjectMapper() : objectMapper,
                    retryPolicy == null ? RetryPolicy.ofDefaults() : retryPolicy,
                    requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout, headers);
            return new AsyncJobsClient(this, transport);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name + " cannot be null");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static void checkValue(String name, String value) {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("value of header " + name + " cannot contain a line break");
            }
        }

        private static boolean isTokenChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
