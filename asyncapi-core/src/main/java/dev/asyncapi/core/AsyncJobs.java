package dev.asyncapi.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.internal.EngineSettings;
import dev.asyncapi.core.internal.InputBinding;
import dev.asyncapi.core.internal.JobEngine;
import dev.asyncapi.core.internal.Listeners;
import dev.asyncapi.core.internal.ObservedJobStore;
import dev.asyncapi.core.internal.Tracing;
import dev.asyncapi.core.internal.VirtualThreads;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.TracePropagator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The asynchronous request-reply engine: submit a job, get its id at once, then find, await,
 * terminate or query it while a bounded worker pool runs it. The {@linkplain dev.asyncapi.core package overview}
 * has a complete example (register a handler, build, submit, await, read the output) and states the engine's
 * defaults and guarantees.
 *
 * <p>A submitted job is stored Pending and starts at once when a worker of this engine is free (no
 * polling delay); otherwise it waits, visibly Pending and holding no lease, until a worker of this or
 * any other engine sharing the store is free. The lease starts when a worker claims the job, right
 * before it runs, and a heartbeat renews it for as long as the run lives. A background sweep finds
 * due work of the types this engine runs: jobs submitted elsewhere, retries whose delay has passed,
 * and jobs of crashed engines whose lease expired. Delivery is at-least-once for the handler and
 * exactly-once for the recorded outcome.
 *
 * <p>Roles: an engine runs the types it {@linkplain Builder#register registered} and never claims
 * another type; it may also submit types that other engines run ({@link Builder#submitOnly}). An
 * engine that registers no handler is client-only: it submits, reads, awaits and terminates, and
 * starts no worker, sweep or heartbeat. A type no running engine registered stays Pending until one
 * does.
 *
 * <p>Thread-safe. Starts its threads in {@link Builder#build()}; {@link #close()} shuts down
 * gracefully. The store and any executor passed to the builder are not closed: they belong to the
 * caller.
 */
public final class AsyncJobs implements AutoCloseable {

    /** Default lease: 30 seconds; heartbeats renew it every third of it. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    /** Default sweep interval: 1 second. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** Default most jobs claimed per sweep: {@value}. */
    public static final int DEFAULT_CLAIM_BATCH_SIZE = 32;
    /** Default queue capacity beyond the busy workers: {@value}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /** Default store polling interval of {@link #await} and {@link #watch} for jobs run elsewhere: 500 ms. */
    public static final Duration DEFAULT_AWAIT_POLL_INTERVAL = Duration.ofMillis(500);
    /** Default shortest interval between two progress writes of one job: 1 second. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** Default retention of terminal jobs: 1 day. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
    /** Default time {@link #close()} lets running jobs finish: 30 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final JobEngine engine;
    private final EngineSettings settings;

    private AsyncJobs(EngineSettings settings) {
        this.settings = settings;
        this.engine = new JobEngine(settings);
    }

    /**
     * Starts a builder: in-memory store, {@link #defaultWorkers()} workers, the documented defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default worker count: twice the available processors, at least 4.
     *
     * @return the default number of jobs one engine runs at once (its admission cap)
     */
    public static int defaultWorkers() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * Submits a job with no options.
     *
     * @param type  a registered job type
     * @param input the input, converted to JSON with the engine's {@code ObjectMapper}
     * @return the stored Pending job
     * @throws UnknownJobTypeException      if no handler is registered for {@code type}
     * @throws InvalidJobInputException     if the input does not bind to the type's input class, or is
     *                                      null for a type that does not accept null
     * @throws JobRejectedException         if the engine is saturated or shutting down
     * @throws PayloadTooLargeException     if the store cannot hold the input
     * @throws JobStoreUnavailableException if the store cannot be reached
     * @see #submit(String, Object, SubmitOptions)
     */
    public Job submit(String type, Object input) {
        return submit(type, input, SubmitOptions.none());
    }

    /**
     * Submits a job. Nothing is stored unless every check passes.
     *
     * <p>The input is converted to a JSON tree with the engine's {@code ObjectMapper} and bound back
     * to the type's input class, exactly as a {@linkplain #submitJson JSON submit} would be, so the
     * handler receives the same value whichever engine runs the job.
     *
     * <p>With an idempotency key: if the same owner already submitted the same type and input with the
     * key, that job is returned and nothing new is created, also when two such submits race.
     *
     * @param type    a registered job type
     * @param input   the input; null (or a value written as JSON {@code null}) only for a type that
     *                {@linkplain JobDefinition.Builder#acceptsNullInput() accepts null}
     * @param options id, idempotency key and owner
     * @return the stored job: a new Pending job, or the earlier job of the same idempotency key
     * @throws UnknownJobTypeException       if no handler is registered for {@code type}
     * @throws InvalidJobInputException      if the input cannot be written as JSON, does not bind to the
     *                                       type's input class, or is null for a type that does not
     *                                       accept null
     * @throws IdempotencyConflictException  if the key was used for another type or input
     * @throws JobRejectedException          if the engine is saturated or shutting down
     * @throws PayloadTooLargeException      if the store cannot hold the input
     * @throws JobStoreUnavailableException  if the store cannot be reached
     * @throws dev.asyncapi.core.spi.DuplicateJobException if an explicit id is taken
     */
    public Job submit(String type, Object input, SubmitOptions options) {
        Objects.requireNonNull(options, "options cannot be null");
        Objects.requireNonNull(type, "type cannot be null");
        return engine.submit(type, engine.json().fromValue(type, input), options);
    }

    /**
     * Submits a job whose input is JSON text, as the HTTP layer receives it.
     *
     * <p>The text is parsed once, strictly, into a tree: it must hold exactly one JSON value (an empty
     * text or data after the value is refused) and no object may name a property twice. The input is
     * bound from that tree and the stored input is the tree written compactly. A JSON {@code null} is
     * refused unless the type {@linkplain JobDefinition.Builder#acceptsNullInput() accepts null}. The
     * two input exceptions tell apart text that is not JSON from JSON that does not fit; their messages
     * name the position or the JSON path and never a Java type, so they may be shown to the caller.
     *
     * @param type      a registered job type
     * @param inputJson the input as JSON text
     * @param options   id, idempotency key and owner
     * @return the stored job, as {@link #submit(String, Object, SubmitOptions)}
     * @throws UnknownJobTypeException     if no handler is registered for {@code type} (checked first)
     * @throws MalformedJobInputException  if {@code inputJson} is empty, not well-formed JSON, has data
     *                                     after the value or a duplicate property name, or goes beyond
     *                                     a parser limit such as the nesting depth
     * @throws InvalidJobInputException    if the JSON is well-formed but does not bind to the type's input
     *                                     class, or is {@code null} for a type that does not accept null
     * @see #submit(String, Object, SubmitOptions) for the other exceptions
     */
    public Job submitJson(String type, String inputJson, SubmitOptions options) {
        Objects.requireNonNull(inputJson, "inputJson cannot be null");
        Objects.requireNonNull(options, "options cannot be null");
        Objects.requireNonNull(type, "type cannot be null");
        return engine.submit(type, engine.json().fromJson(type, inputJson), options);
    }

    /**
     * Reads a job: one point read of the store.
     *
     * @param id the job id; a malformed id finds nothing
     * @return the job, or empty if none has that id
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public Optional<Job> find(String id) {
        if (!JobIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return settings.store().find(id);
    }

    /**
     * Waits until a job is terminal or {@code maxWait} passes, whichever comes first. A job run by
     * this engine wakes the caller as soon as its outcome is recorded; a job run elsewhere is polled
     * at {@link Builder#awaitPollInterval}.
     *
     * @param id      the job id
     * @param maxWait the longest wait; zero or negative returns at once
     * @return the latest snapshot: terminal, or still running when the wait ran out
     * @throws JobNotFoundException         if no job has that id
     * @throws InterruptedException         if the calling thread is interrupted while waiting
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public Job await(String id, Duration maxWait) throws InterruptedException {
        try {
            return awaitAsync(id, maxWait).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AsyncJobException("waiting for job " + id + " failed", e.getCause());
        }
    }

    /**
     * Like {@link #await} without holding the calling thread: the future completes with the latest
     * snapshot once the job is terminal or {@code maxWait} passes. Used by the HTTP layer's long poll.
     * The future may complete on an engine thread: keep its continuations short.
     *
     * @param id      the job id
     * @param maxWait the longest wait
     * @return a future of the latest snapshot
     * @throws JobNotFoundException         if no job has that id (thrown, not in the future)
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public CompletableFuture<Job> awaitAsync(String id, Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait cannot be null");
        if (!JobIds.isWellFormed(id)) {
            throw new JobNotFoundException(id);
        }
        return engine.await(id, maxWait);
    }

    /**
     * Watches a job: the watcher receives its current snapshot, then each newer one, until the job is
     * terminal, deleted or purged, the engine closes, or the returned watch is closed. Made for pushing
     * a job's status to a caller (Server-Sent Events on the status URL).
     *
     * <p>The first snapshot is read once from the store and delivered on the calling thread before this
     * method returns; if it is terminal the watch then ends at once. A job this engine runs is pushed:
     * each snapshot it writes (the claim that makes it Running, each progress write and lease renewal,
     * a retry going back to Pending, the outcome, a termination) reaches the watcher right after the
     * store write succeeds, with no store read. A job run elsewhere is followed by store reads: one
     * shared task reads each watched job at most once per {@link Builder#awaitPollInterval await poll
     * interval} (default 500 ms), however many watches and awaits follow it, and delivers a snapshot
     * only when its {@linkplain Job#version() version} changed.
     *
     * <p>See {@link JobWatcher} for the order and threads of the callbacks: they never overlap, may
     * skip intermediate snapshots (never the terminal one), and run on engine threads, so they must be
     * short and must not block. A watch holds no thread and no timer: thousands are cheap. Closing the
     * engine ends every watch, after the snapshots its shutdown writes.
     *
     * @param id      the job id
     * @param watcher receives the snapshots; not null
     * @return the watch, to close when the caller loses interest
     * @throws NullPointerException         if {@code watcher} is null
     * @throws JobNotFoundException         if no job has that id (also for a malformed id)
     * @throws JobStoreUnavailableException if the store cannot be reached for the first read
     */
    public JobWatch watch(String id, JobWatcher watcher) {
        Objects.requireNonNull(watcher, "watcher cannot be null");
        if (!JobIds.isWellFormed(id)) {
            throw new JobNotFoundException(id);
        }
        return engine.watch(id, watcher);
    }

    /**
     * Terminates a Pending or Running job. A job running on this engine has its handler's thread
     * interrupted at once; one running elsewhere is stopped by its engine at its next heartbeat.
     *
     * @param id     the job id
     * @param reason recorded as the job's failure message (cut short if the store cannot hold it all)
     * @return the Terminated snapshot
     * @throws JobNotFoundException         if no job has that id
     * @throws JobAlreadyTerminalException  if the job is already Completed, Failed or Terminated
     * @throws JobContentionException       if the job kept changing under the attempts to terminate it
     * @throws PayloadTooLargeException     only if the job is at its store's limit already, so that not even a
     *                                      shortened reason fits (a long reason is recorded cut short; see
     *                                      {@link PayloadTooLargeException}); the job is then not terminated
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public Job terminate(String id, String reason) {
        Objects.requireNonNull(reason, "reason cannot be null");
        if (!JobIds.isWellFormed(id)) {
            throw new JobNotFoundException(id);
        }
        return engine.terminate(id, reason);
    }

    /**
     * Lists jobs a page at a time.
     *
     * @param query filters, page size and continuation token
     * @return one page
     * @throws IllegalArgumentException     if the continuation token is malformed
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public JobPage query(JobQuery query) {
        return settings.store().query(Objects.requireNonNull(query, "query cannot be null"));
    }

    /**
     * Deletes terminal jobs that finished before a cut-off.
     *
     * @param statuses       terminal statuses to delete; empty means all terminal statuses
     * @param finishedBefore the exclusive cut-off
     * @return how many jobs were deleted
     * @throws IllegalArgumentException     if {@code statuses} holds a non-terminal status
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        return settings.store().purge(PurgeRules.targets(statuses),
                Objects.requireNonNull(finishedBefore, "finishedBefore cannot be null"));
    }

    /**
     * Reads a completed job's output as a value.
     *
     * @param job  a job
     * @param type the class to bind the output to
     * @param <T>  the output type
     * @return the output, or empty if the job has none (not Completed, or a JSON {@code null} output)
     * @throws IllegalArgumentException if the output does not bind to {@code type}
     */
    public <T> Optional<T> output(Job job, Class<T> type) {
        Objects.requireNonNull(type, "type cannot be null");
        return job.outputJson().map(json -> engine.json().readOutput(json, type, job.toString()));
    }

    /**
     * Tells whether this engine can submit a type: it registered a handler for it or declared it
     * {@linkplain Builder#submitOnly submit-only}.
     *
     * @param type a type name
     * @return {@code true} if {@link #submit} accepts the type
     */
    public boolean isRegistered(String type) {
        return settings.handlers().containsKey(type) || settings.submitOnlyTypes().containsKey(type);
    }

    /**
     * Returns the type names this engine runs (registered with a handler), in registration order.
     *
     * @return an unmodifiable set; empty for a client-only engine
     */
    public Set<String> types() {
        return settings.handlers().keySet();
    }

    /**
     * Tells whether this engine runs no job type: it submits, reads, awaits and terminates only.
     *
     * @return {@code true} if no handler is registered
     */
    public boolean isClientOnly() {
        return settings.clientOnly();
    }

    /**
     * Returns this engine's worker id, as recorded in the leases it holds.
     *
     * @return the worker id
     */
    public String workerId() {
        return settings.workerId();
    }

    /**
     * Returns the lease duration, which also bounds how long a job submitted here waits before another
     * engine may take it if this one stops first.
     *
     * @return the lease duration
     */
    public Duration leaseDuration() {
        return settings.leaseDuration();
    }

    /**
     * Reads this engine's admission gauges now: runs holding a worker slot, submits waiting for one, and
     * the configured limits. Cheap (a few atomic reads, no store call), so a metrics registry may poll it
     * as often as it likes.
     *
     * @return an immutable snapshot; all zero for a client-only engine
     */
    public EngineGauges gauges() {
        return engine.gauges();
    }

    /**
     * Shuts down gracefully: new submits are rejected, the sweep stops, running jobs get up to the
     * shutdown timeout to finish, and the rest are released (back to Pending) with their handlers
     * interrupted, so another engine runs them at once. Jobs waiting for a worker of this engine were
     * never claimed: they stay Pending for any worker. Threads the engine created are stopped; an
     * executor or scheduler passed to the builder is left running.
     * Pending {@link #awaitAsync} futures complete with the latest snapshot and every {@link #watch}
     * ends ({@link JobWatcher#onEnded()}). Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Builds {@link AsyncJobs}. Not thread-safe. Every setting is validated when set; a setting made
     * twice is refused.
     */
    public static final class Builder {
        private final Map<String, JobDefinition<?, ?>> definitions = new LinkedHashMap<>();
        private final Map<String, InputBinding> submitOnlyTypes = new LinkedHashMap<>();
        private Executor executor;
        private ThreadFactory threadFactory;
        private ScheduledExecutorService scheduler;
        private boolean virtualThreads;
        private JobStore store;
        private ObjectMapper mapper;
        private Clock clock;
        private String workerId;
        private Integer workers;
        private Integer queueCapacity;
        private Duration leaseDuration;
        private Duration sweepInterval;
        private Integer claimBatchSize;
        private Duration awaitPollInterval;
        private Duration progressInterval;
        private Duration retention;
        private boolean retentionSet;
        private Duration shutdownTimeout;
        private final List<JobListener> listeners = new ArrayList<>();
        private TracePropagator tracePropagator;

        private Builder() {
        }

        /**
         * Registers a job type.
         *
         * @param definition the type, its classes, handler, timeout and retry policy
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if the type is already registered
         */
        public Builder register(JobDefinition<?, ?> definition) {
            Objects.requireNonNull(definition, "definition cannot be null");
            requireNewType(definition.type());
            definitions.put(definition.type(), definition);
            return this;
        }

        /**
         * Declares a type this engine submits but does not run: workers of other engines that
         * registered it run it. Submits bind the input to {@code inputType} here, so a bad input is
         * refused at once. A {@code null} input is refused, as for a registered type that does not
         * {@linkplain JobDefinition.Builder#acceptsNullInput() accept null}; see
         * {@link #submitOnly(String, Class, boolean)}. An engine with only such types is client-only.
         *
         * @param type      the type name (1 to 64 characters of {@code A-Z a-z 0-9 . - _})
         * @param inputType the class the input binds to
         * @return this builder
         * @throws IllegalArgumentException if {@code type} is not a valid name
         * @throws IllegalStateException    if the type is already registered or declared
         */
        public Builder submitOnly(String type, Class<?> inputType) {
            return submitOnly(type, inputType, false);
        }

        /**
         * Declares a type this engine submits but does not run, as {@link #submitOnly(String, Class)},
         * saying whether a {@code null} input is submitted. Declare it as the engines that run the type
         * register it: a run whose stored input is {@code null} for a type that does not accept null
         * fails with {@value JobFailure#INPUT_NOT_BINDABLE}.
         *
         * @param type             the type name (1 to 64 characters of {@code A-Z a-z 0-9 . - _})
         * @param inputType        the class the input binds to
         * @param acceptsNullInput {@code true} to submit a JSON {@code null} input as is; {@code false} (the
         *                         default of the two-argument form) to refuse it with
         *                         {@link InvalidJobInputException}
         * @return this builder
         * @throws IllegalArgumentException if {@code type} is not a valid name
         * @throws IllegalStateException    if the type is already registered or declared
         */
        public Builder submitOnly(String type, Class<?> inputType, boolean acceptsNullInput) {
            Objects.requireNonNull(type, "type cannot be null");
            Objects.requireNonNull(inputType, "inputType cannot be null");
            if (!JobDefinition.isValidTypeName(type)) {
                throw new IllegalArgumentException("job type must be 1 to 64 characters of A-Z a-z 0-9 . - _, but was: "
                        + JobIds.abbreviate(type));
            }
            requireNewType(type);
            submitOnlyTypes.put(type, new InputBinding(inputType, acceptsNullInput));
            return this;
        }

        /**
         * Runs handlers on the caller's executor instead of threads the engine creates: a container's
         * managed executor, or virtual threads ({@code Executors.newVirtualThreadPerTaskExecutor()}).
         * The engine never shuts it down. {@link #workers(int)} still caps how many jobs run at once:
         * the engine counts its runs and hands the executor no more than that, plus the runs still recording
         * their outcome after their handler returned (at most as many again).
         *
         * @param executor the executor; default two daemon threads per worker (one runs a handler while the
         *                 other may still record the previous job's outcome), named {@code asyncapi-worker-N},
         *                 started on demand and let go after 60 s idle
         * @return this builder
         * @throws IllegalStateException if already set, or {@link #virtualThreads()} was chosen
         */
        public Builder executor(Executor executor) {
            Objects.requireNonNull(executor, "executor cannot be null");
            if (virtualThreads) {
                throw new IllegalStateException("virtualThreads() was already chosen; it replaces executor(...)");
            }
            this.executor = once(this.executor, executor, "executor");
            return this;
        }

        /**
         * Makes the threads the engine creates (handler threads unless an {@link #executor} is given, the
         * I/O threads that make every store call a timer starts, and the timer thread unless a
         * {@link #scheduler} is given) from the caller's factory.
         *
         * @param threadFactory the factory; default daemon threads named {@code asyncapi-worker-N},
         *                      {@code asyncapi-io-N} and {@code asyncapi-timer-N}
         * @return this builder
         * @throws IllegalStateException if already set, or {@link #virtualThreads()} was chosen
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            Objects.requireNonNull(threadFactory, "threadFactory cannot be null");
            if (virtualThreads) {
                throw new IllegalStateException("virtualThreads() was already chosen; it replaces threadFactory(...)");
            }
            this.threadFactory = once(this.threadFactory, threadFactory, "threadFactory");
            return this;
        }

        /**
         * Runs the engine's timers (sweep, heartbeat, retention, timeouts, await deadlines) on the caller's
         * scheduler. Timer tasks only hand work to the handler and I/O threads, so one thread is enough.
         * The engine cancels its tasks at {@link AsyncJobs#close()} but never shuts the scheduler down.
         *
         * @param scheduler the scheduler; default one daemon thread named {@code asyncapi-timer-1}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = once(this.scheduler, Objects.requireNonNull(scheduler, "scheduler cannot be null"),
                    "scheduler");
            return this;
        }

        /**
         * Runs handlers and store I/O on virtual threads, one per task (Java 21 or later). Blocking
         * handlers then cost no platform thread each, so {@link #workers(int)} can be in the thousands.
         *
         * @return this builder
         * @throws UnsupportedOperationException on Java 17 to 20, naming the running version
         * @throws IllegalStateException         if already chosen, or an executor or thread factory was set
         */
        public Builder virtualThreads() {
            VirtualThreads.requireAvailable();
            if (virtualThreads) {
                throw new IllegalStateException("virtualThreads() was already chosen");
            }
            if (executor != null || threadFactory != null) {
                throw new IllegalStateException("virtualThreads() cannot be combined with executor(...) or"
                        + " threadFactory(...), which were already set");
            }
            this.virtualThreads = true;
            return this;
        }

        /**
         * Registers a job type with no timeout and no retries.
         *
         * @param type       the type name (1 to 64 characters of {@code A-Z a-z 0-9 . - _})
         * @param inputType  the class the input binds to
         * @param outputType the class of the output
         * @param handler    the work
         * @param <I>        the input type
         * @param <O>        the output type
         * @return this builder
         * @throws IllegalArgumentException if {@code type} is not a valid name
         * @throws IllegalStateException    if the type is already registered
         */
        public <I, O> Builder register(String type, Class<I> inputType, Class<O> outputType, JobHandler<I, O> handler) {
            return register(JobDefinition.builder(type, inputType, outputType, handler).build());
        }

        /**
         * Sets the job store.
         *
         * @param store the store; default a new {@link InMemoryJobStore} (not shared with other processes)
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder store(JobStore store) {
            this.store = once(this.store, Objects.requireNonNull(store, "store cannot be null"), "store");
            return this;
        }

        /**
         * Sets the mapper that binds inputs and writes outputs and progress.
         *
         * @param mapper the mapper; default {@code new ObjectMapper()}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = once(this.mapper, Objects.requireNonNull(mapper, "objectMapper cannot be null"), "objectMapper");
            return this;
        }

        /**
         * Sets the clock, for tests.
         *
         * @param clock the clock; default {@link Clock#systemUTC()}
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            this.clock = once(this.clock, Objects.requireNonNull(clock, "clock cannot be null"), "clock");
            return this;
        }

        /**
         * Names this engine in the leases it takes.
         *
         * @param workerId not blank, at most 128 characters; default the process id and a random suffix
         * @return this builder
         * @throws IllegalArgumentException if blank or too long
         * @throws IllegalStateException    if already set
         */
        public Builder workerId(String workerId) {
            Objects.requireNonNull(workerId, "workerId cannot be null");
            if (workerId.isBlank() || workerId.length() > 128) {
                throw new IllegalArgumentException("workerId must be 1 to 128 characters and not blank, but was: "
                        + JobIds.abbreviate(workerId));
            }
            this.workerId = once(this.workerId, workerId, "workerId");
            return this;
        }

        /**
         * Sets how many jobs run at once on this engine: how many handlers run at once. A job's worker slot goes
         * to the next job as soon as its handler returns, while the job's outcome is being recorded, so a worker
         * never waits for the previous job's write; up to as many outcomes as workers may be in flight besides.
         *
         * @param workers at least 1; default {@link AsyncJobs#defaultWorkers()}; a cap counted by the engine,
         *                whatever executor runs the handlers
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         * @throws IllegalStateException    if already set
         */
        public Builder workers(int workers) {
            this.workers = once(this.workers, atLeast(workers, 1, "workers"), "workers");
            return this;
        }

        /**
         * Sets how many jobs may wait for a worker beyond the busy ones; past that, submits fail with
         * {@link JobRejectedException}.
         *
         * @param queueCapacity at least 0; default {@value AsyncJobs#DEFAULT_QUEUE_CAPACITY}
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = once(this.queueCapacity, atLeast(queueCapacity, 0, "queueCapacity"), "queueCapacity");
            return this;
        }

        /**
         * Sets the lease a running job holds; a heartbeat renews it every third of it. A job whose engine
         * dies is taken over once its lease expires.
         *
         * @param leaseDuration at least 100 ms; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if shorter than 100 ms
         * @throws IllegalStateException    if already set
         */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = once(this.leaseDuration, atLeast(leaseDuration, Duration.ofMillis(100), "leaseDuration"),
                    "leaseDuration");
            return this;
        }

        /**
         * Sets how often the sweep claims due work from the store.
         *
         * @param sweepInterval at least 10 ms; default 1 s
         * @return this builder
         * @throws IllegalArgumentException if shorter than 10 ms
         * @throws IllegalStateException    if already set
         */
        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = once(this.sweepInterval, atLeast(sweepInterval, Duration.ofMillis(10), "sweepInterval"),
                    "sweepInterval");
            return this;
        }

        /**
         * Sets the most jobs one sweep claims (fewer when fewer workers are free).
         *
         * @param claimBatchSize at least 1; default {@value AsyncJobs#DEFAULT_CLAIM_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         * @throws IllegalStateException    if already set
         */
        public Builder claimBatchSize(int claimBatchSize) {
            this.claimBatchSize = once(this.claimBatchSize, atLeast(claimBatchSize, 1, "claimBatchSize"), "claimBatchSize");
            return this;
        }

        /**
         * Sets how often {@link AsyncJobs#await} and {@link AsyncJobs#watch} read the store for a job run
         * elsewhere. One task reads each such job at most once per interval, however many awaits and
         * watches follow it; jobs this engine runs are never polled.
         *
         * @param interval at least 10 ms; default 500 ms
         * @return this builder
         * @throws IllegalArgumentException if shorter than 10 ms
         * @throws IllegalStateException    if already set
         */
        public Builder awaitPollInterval(Duration interval) {
            this.awaitPollInterval = once(this.awaitPollInterval, atLeast(interval, Duration.ofMillis(10), "awaitPollInterval"),
                    "awaitPollInterval");
            return this;
        }

        /**
         * Sets the shortest interval between two progress writes of one job; reports in between are
         * coalesced and the latest is written when the interval has passed.
         *
         * @param interval not negative; default 1 s
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = once(this.progressInterval, atLeast(interval, Duration.ZERO, "progressInterval"),
                    "progressInterval");
            return this;
        }

        /**
         * Sets how long terminal jobs are kept before a background purge deletes them.
         *
         * @param retention at least 1 s; default 1 day
         * @return this builder
         * @throws IllegalArgumentException if shorter than 1 s
         * @throws IllegalStateException    if retention was already set or disabled
         */
        public Builder retention(Duration retention) {
            Duration value = atLeast(retention, Duration.ofSeconds(1), "retention");
            onceRetention();
            this.retention = value;
            return this;
        }

        /**
         * Keeps terminal jobs until they are purged explicitly.
         *
         * @return this builder
         * @throws IllegalStateException if retention was already set or disabled
         */
        public Builder keepJobsForever() {
            onceRetention();
            this.retention = null;
            return this;
        }

        /**
         * Sets how long {@link AsyncJobs#close()} lets running jobs finish before releasing them.
         *
         * @param timeout not negative; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = once(this.shutdownTimeout, atLeast(timeout, Duration.ZERO, "shutdownTimeout"),
                    "shutdownTimeout");
            return this;
        }

        /**
         * Adds a listener of this engine's job events and store calls; may be called several times, and
         * listeners are called in the order they were added. See {@link JobListener} for the threads
         * they run on. With no listener, the engine builds no event and times no store call.
         *
         * @param listener the listener; default none
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if this same listener was already added
         */
        public Builder listener(JobListener listener) {
            Objects.requireNonNull(listener, "listener cannot be null");
            for (JobListener added : listeners) {
                if (added == listener) {
                    throw new IllegalStateException("listener " + listener + " was already added");
                }
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Carries traces from submits to runs: the propagator captures the submitter's trace context at
         * {@code submit} (unless {@link SubmitOptions.Builder#traceContext} gives one), the job keeps it, and
         * every run of the job, on whatever engine, opens its span in that trace. Set it on every engine that
         * submits or runs the traced types; {@code asyncapi-opentelemetry} provides one.
         *
         * @param tracePropagator the propagator; default none (trace contexts given in the submit options
         *                        are still stored)
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if already set
         */
        public Builder tracePropagator(TracePropagator tracePropagator) {
            this.tracePropagator = once(this.tracePropagator,
                    Objects.requireNonNull(tracePropagator, "tracePropagator cannot be null"), "tracePropagator");
            return this;
        }

        /**
         * Starts the engine.
         *
         * @return a running engine
         * @throws IllegalStateException if no job type is registered or declared
         */
        public AsyncJobs build() {
            if (definitions.isEmpty() && submitOnlyTypes.isEmpty()) {
                throw new IllegalStateException("register (or declare submitOnly) at least one job type before build()");
            }
            Listeners observers = Listeners.of(listeners);
            return new AsyncJobs(new EngineSettings(
                    ObservedJobStore.wrap(store != null ? store : new InMemoryJobStore(), observers),
                    mapper != null ? mapper : new ObjectMapper(),
                    clock != null ? clock : Clock.systemUTC(),
                    Collections.unmodifiableMap(new LinkedHashMap<>(definitions)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(submitOnlyTypes)),
                    workerId != null ? workerId : defaultWorkerId(),
                    workers != null ? workers : defaultWorkers(),
                    queueCapacity != null ? queueCapacity : DEFAULT_QUEUE_CAPACITY,
                    leaseDuration != null ? leaseDuration : DEFAULT_LEASE_DURATION,
                    sweepInterval != null ? sweepInterval : DEFAULT_SWEEP_INTERVAL,
                    claimBatchSize != null ? claimBatchSize : DEFAULT_CLAIM_BATCH_SIZE,
                    awaitPollInterval != null ? awaitPollInterval : DEFAULT_AWAIT_POLL_INTERVAL,
                    progressInterval != null ? progressInterval : DEFAULT_PROGRESS_INTERVAL,
                    retentionSet ? retention : DEFAULT_RETENTION,
                    shutdownTimeout != null ? shutdownTimeout : DEFAULT_SHUTDOWN_TIMEOUT,
                    executor, threadFactory, scheduler, virtualThreads,
                    observers, Tracing.of(tracePropagator)));
        }

        private void requireNewType(String type) {
            if (definitions.containsKey(type) || submitOnlyTypes.containsKey(type)) {
                throw new IllegalStateException("job type " + type + " is already "
                        + (definitions.containsKey(type) ? "registered" : "declared submitOnly"));
            }
        }

        private void onceRetention() {
            if (retentionSet) {
                throw new IllegalStateException("retention was already set to "
                        + (retention == null ? "keep forever" : retention));
            }
            retentionSet = true;
        }

        private static String defaultWorkerId() {
            return "worker-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
            return value;
        }

        private static int atLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
            }
            return value;
        }

        private static Duration atLeast(Duration value, Duration min, String name) {
            Objects.requireNonNull(value, name + " cannot be null");
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", but was " + value);
            }
            return value;
        }
    }
}
