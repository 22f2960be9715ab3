/**
 * The asynchronous request-reply engine: register a handler per job type, submit jobs, and find, await, watch,
 * terminate, query or purge them while a bounded worker pool runs them. Start at {@link AsyncJobs#builder()}:
 * register each type with its input class, output class and {@link JobHandler} (or as a {@link JobDefinition},
 * which adds a timeout and a {@link RetryPolicy}), choose a store, {@link AsyncJobs.Builder#build() build}, then
 * {@link AsyncJobs#submit(String, Object) submit}. Every read returns a {@link Job}: an immutable snapshot of the
 * job as stored.
 *
 * <p>This package knows nothing of HTTP or of any database. Jobs live in a {@link dev.asyncapi.core.spi.JobStore}:
 * by default an {@link dev.asyncapi.core.memory.InMemoryJobStore}; durable, shared stores are the
 * {@code asyncapi-postgres} module's {@code PostgresJobStore} and the {@code asyncapi-azure-tables} module's
 * {@code AzureTableJobStore}. The {@code asyncapi-servlet} module's {@code AsyncJobsHttp} serves an engine over
 * HTTP (202, status URL, long poll, Server-Sent Events), the {@code asyncapi-client} module's
 * {@code AsyncJobsClient} calls that from another service, {@code asyncapi-webhooks} delivers completion
 * callbacks, and {@code asyncapi-micrometer} and {@code asyncapi-opentelemetry} observe an engine through a
 * {@link JobListener} and a {@link dev.asyncapi.core.spi.TracePropagator}.
 *
 * <p>Register a handler, submit, await ({@code Resize} and {@code Resized} are the caller's records, bound with
 * Jackson):
 *
 * <!-- snippet: core-submit-await -->
 * <pre>{@code
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .register(JobDefinition.builder("resize", Resize.class, Resized.class, (input, ctx) -> {
 *                     ctx.reportProgress(Map.of("step", "scaling"));
 *                     return new Resized("https://img.example.com/" + input.image() + "?w=" + input.width());
 *                 })
 *                 .timeout(Duration.ofMinutes(5))
 *                 .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *                 .build())
 *         .build();
 *
 * Job job = jobs.submit("resize", new Resize("cat.png", 320));
 * Job done = jobs.await(job.id(), Duration.ofSeconds(30));
 * if (done.status() == JobStatus.COMPLETED) {
 *     Resized resized = jobs.output(done, Resized.class).orElseThrow();
 *     System.out.println(resized.url());
 * }
 * jobs.close();
 * }</pre>
 *
 * <h2>Defaults and guarantees</h2>
 * <ul>
 *   <li><b>Threads.</b> {@link AsyncJobs} is thread-safe; {@link Job}, {@link JobDefinition}, {@link RetryPolicy},
 *       {@link SubmitOptions} and {@link JobQuery} are immutable; builders are not thread-safe. An engine starts
 *       its threads in {@code build()} and stops them in {@link AsyncJobs#close()}; a store, executor or scheduler
 *       passed to the builder belongs to the caller and is never closed.</li>
 *   <li><b>Delivery.</b> At-least-once for the handler (a retry, or another engine taking over a lost lease, runs
 *       it again), exactly-once for the recorded outcome: the store's compare-and-set lets only one run finish a
 *       job. Make handlers idempotent.</li>
 *   <li><b>Start.</b> A submitted job is stored Pending and starts at once when a worker of this engine is free;
 *       otherwise it waits, visibly Pending and holding no lease, for a worker of any engine sharing the store.
 *       An engine runs only the types it registered; a type that no running engine registered stays
 *       Pending.</li>
 *   <li><b>Capacity.</b> {@link AsyncJobs#defaultWorkers()} workers (twice the processors, at least 4) and
 *       {@value AsyncJobs#DEFAULT_QUEUE_CAPACITY} queued submits beyond them
 *       ({@link AsyncJobs.Builder#workers(int)}, {@link AsyncJobs.Builder#queueCapacity(int)}); past that a
 *       submit fails with {@link JobRejectedException}.</li>
 *   <li><b>Leases and sweeps.</b> A run holds a 30 s lease, renewed every third of it
 *       ({@link AsyncJobs.Builder#leaseDuration}); a sweep every second claims up to
 *       {@value AsyncJobs#DEFAULT_CLAIM_BATCH_SIZE} due jobs ({@link AsyncJobs.Builder#sweepInterval},
 *       {@link AsyncJobs.Builder#claimBatchSize}), which is how jobs of a crashed engine are finished by
 *       another once their lease expires.</li>
 *   <li><b>Per type.</b> No timeout and no retry unless set ({@link JobDefinition.Builder#timeout},
 *       {@link JobDefinition.Builder#retryPolicy}); {@link RetryPolicy#builder()} starts from
 *       {@value RetryPolicy#DEFAULT_MAX_ATTEMPTS} attempts with backoff from 1 s to 1 min. Timeouts and
 *       terminations never retry.</li>
 *   <li><b>Waiting.</b> {@link AsyncJobs#await} and {@link AsyncJobs#watch} wake at once for a job this engine
 *       runs and read the store every 500 ms for one run elsewhere ({@link AsyncJobs.Builder#awaitPollInterval});
 *       progress is written at most once a second ({@link AsyncJobs.Builder#progressInterval}).</li>
 *   <li><b>Retention and shutdown.</b> Terminal jobs are purged after a day ({@link AsyncJobs.Builder#retention},
 *       {@link AsyncJobs.Builder#keepJobsForever()}); {@code close()} lets running jobs finish for 30 s, then
 *       releases them to Pending for another engine ({@link AsyncJobs.Builder#shutdownTimeout}).</li>
 *   <li><b>Validation.</b> Each builder setting is checked when it is made, and making it twice throws
 *       {@link IllegalStateException}. A submit checks the type, binds the input to the type's input class and
 *       checks the options before it stores anything.</li>
 *   <li><b>Exceptions.</b> All unchecked, rooted in {@link AsyncJobException}, one subtype per condition:
 *       {@link UnknownJobTypeException}, {@link InvalidJobInputException} (and {@link MalformedJobInputException}
 *       for text that is not JSON), {@link IdempotencyConflictException}, {@link JobRejectedException} (try later
 *       or elsewhere), {@link PayloadTooLargeException}, {@link JobStoreUnavailableException} (the store is down or
 *       throttling), {@link JobNotFoundException}, {@link JobAlreadyTerminalException} and
 *       {@link JobContentionException} (try again).</li>
 *   <li><b>What callers see of a failure.</b> A handler's {@link JobFailedException} is recorded with its code and
 *       message as given (cut short if the store cannot hold it: {@link PayloadTooLargeException}); any other exception is logged and recorded as {@value JobFailure#HANDLER_FAILED} with a
 *       message that does not repeat it, since exception messages may carry secrets.</li>
 * </ul>
 *
 * <h2>See also</h2>
 * <ul>
 *   <li>{@link dev.asyncapi.core.spi}: the store, change-feed and tracing extension points, and how a store is
 *       tested against the contract suite.</li>
 *   <li>{@link dev.asyncapi.core.memory}: the in-memory store and its limits.</li>
 *   <li>{@link JobStatus} for the states and moves of a job, {@link JobListener} and {@link JobWatcher} for
 *       observing engines and jobs, {@link SubmitOptions} for ids, idempotency keys, owners and callbacks.</li>
 *   <li>The {@code dev.asyncapi.servlet} package ({@code asyncapi-servlet}) and the {@code dev.asyncapi.client}
 *       package ({@code asyncapi-client}) for the HTTP side.</li>
 * </ul>
 */
package dev.asyncapi.core;
