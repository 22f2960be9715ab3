/**
 * A Java client of the asyncapi HTTP contract (asynchronous request-reply): submit a job, wait for it by long poll,
 * Server-Sent Events or polling, read its typed result, terminate it. Start at
 * {@link AsyncJobsClient#builder(java.net.URI)} with the server's jobs base URI (its base path, e.g.
 * {@code https://api.example.com/jobs}). The server is an engine of the {@code asyncapi-core} module served by the
 * {@code asyncapi-servlet} module's {@code AsyncJobsHttp}; this client depends on neither, only on the JDK's
 * {@link java.net.http.HttpClient} and Jackson, so a calling service needs no engine of its own.
 *
 * <p>Submit, then wait for the typed result ({@code jobsUri} is the server's base URI; {@code Resize} and
 * {@code Resized} are the caller's records, written and bound with Jackson):
 *
 * <!-- snippet: client-submit-await -->
 * <pre>{@code
 * AsyncJobsClient client = AsyncJobsClient.builder(jobsUri)
 *         .header("Authorization", () -> "Bearer " + accessToken.get())
 *         .build();
 *
 * JobHandle handle = client.submit("resize", new Resize("cat.png", 320));
 * Resized resized = client.awaitResult(handle, Resized.class).get(2, TimeUnit.MINUTES);
 *
 * // or both in one call, without blocking a thread
 * CompletableFuture<Resized> later = client.run("resize", new Resize("dog.png", 640), Resized.class);
 * }</pre>
 *
 * <p>A {@link JobHandle} is the job's id and status URI: keep it to look again later
 * ({@link AsyncJobsClient#status}, {@link AsyncJobsClient#awaitResult}, {@link AsyncJobsClient#terminate}), or
 * rebuild it with {@link AsyncJobsClient#handle(String)}.
 *
 * <h2>Defaults and guarantees</h2>
 * <ul>
 *   <li><b>Threads.</b> {@link AsyncJobsClient}, {@link RetryPolicy} and {@link Waiting} are immutable and
 *       thread-safe: build one client per endpoint and share it. The client owns no threads; requests run on the
 *       {@link java.net.http.HttpClient}'s executor. {@code submit}, {@code status} and {@code terminate} block
 *       for their request; {@code run}, {@code awaitResult} and {@code awaitTerminal} return futures.</li>
 *   <li><b>Timeouts.</b> Connect 10 s ({@link AsyncJobsClient.Builder#connectTimeout}); each request 30 s for
 *       its answer, a long poll's wait on top ({@link AsyncJobsClient.Builder#requestTimeout}). The built-in
 *       {@code HttpClient} follows no redirects.</li>
 *   <li><b>Waiting.</b> Long polls of {@value Waiting#DEFAULT_LONG_POLL_SECONDS} s ({@link Waiting#longPoll()});
 *       {@link Waiting#eventStream()} and {@link Waiting#polling()} on request
 *       ({@link AsyncJobsClient.Builder#waiting}). Cancelling a wait stops waiting only; the job runs on unless
 *       {@link AsyncJobsClient.Builder#terminateOnCancel(boolean)} is set.</li>
 *   <li><b>Retries.</b> Network errors and {@code 503} answers are sent again, up to
 *       {@value RetryPolicy#DEFAULT_MAX_ATTEMPTS} attempts with backoff from 200 ms to 10 s and never sooner than
 *       the server's {@code Retry-After} ({@link RetryPolicy#ofDefaults()}); other error answers never. Every
 *       request is safe to repeat: a submit sends one {@code Idempotency-Key} on all its attempts.</li>
 *   <li><b>Validation.</b> The base URI, header names and values, job types and idempotency keys are checked when
 *       given ({@link IllegalArgumentException}); each builder setting may be made once
 *       ({@link IllegalStateException} otherwise).</li>
 *   <li><b>Exceptions.</b> Every failure the client reports is an {@link AsyncJobsClientException}, thrown by the
 *       blocking calls and as the cause of a future's {@link java.util.concurrent.ExecutionException}: an error
 *       answer of the server is a {@link ProblemException} (one subtype per condition a caller can act on, e.g.
 *       {@link UnknownJobTypeException}, {@link InvalidInputException}, {@link ServiceUnavailableException}); a
 *       job that ended badly is a {@link JobFailedException} (with the code and message its handler recorded) or
 *       a {@link JobTerminatedException}; a request that got no answer is a {@link TransportException}; an answer
 *       outside the contract, or a result that does not bind to the asked type, is an
 *       {@link UnexpectedResponseException}. I/O and Jackson exceptions appear only as causes.</li>
 * </ul>
 *
 * <h2>See also</h2>
 * <ul>
 *   <li>{@link ApiProfile}: the server's answer shapes this client reads (the standard contract, or Azure's
 *       long-running-operation profile).</li>
 *   <li>The {@code dev.asyncapi.servlet} package (module {@code asyncapi-servlet}): the server side of the
 *       contract, and {@code dev.asyncapi.core} (module {@code asyncapi-core}): the engine behind it.</li>
 * </ul>
 */
package dev.asyncapi.client;
