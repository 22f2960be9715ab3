package dev.asyncapi.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.StaleJobVersionException;
import dev.asyncapi.core.internal.JobTransitions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor behind {@link AsyncJobs}: admission, local dispatch, the sweep that claims due work,
 * retention and graceful shutdown.
 */
final class JobEngine {

    private static final System.Logger LOG = System.getLogger(JobEngine.class.getName());
    private static final int TERMINATE_ATTEMPTS = 8;
    private static final Duration MAX_SWEEP_BACKOFF = Duration.ofSeconds(30);

    private final EngineSettings settings;
    private final JobStore store;
    /** Admission: jobs queued or running here; submits are refused at workers + queue capacity. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final int capacity;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentHashMap<String, Execution> local = new ConcurrentHashMap<>();
    private final Waiters waiters;
    private final ScheduledFuture<?> sweep;
    private final ScheduledFuture<?> retentionSweep;
    /** One reader per job type, resolved once: binding inputs is on every job's path. */
    private final Map<String, ObjectReader> inputReaders;
    private volatile boolean closed;
    private int sweepFailures;
    private Instant nextSweepAt = Instant.EPOCH;

    JobEngine(EngineSettings settings) {
        this.settings = settings;
        this.store = settings.store();
        this.capacity = settings.workers() + settings.queueCapacity();
        Map<String, ObjectReader> readers = new HashMap<>();
        settings.definitions().forEach((type, d) -> readers.put(type, settings.mapper().readerFor(d.inputType())));
        this.inputReaders = Map.copyOf(readers);
        // every field is set before the first task is scheduled: the tasks run on other threads at once
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("asyncapi-worker-"));
        this.scheduler = new ScheduledThreadPoolExecutor(2, threads("asyncapi-scheduler-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.waiters = new Waiters(scheduler, store::find, local::containsKey, settings.awaitPollInterval());
        long sweepMillis = Math.max(1, settings.sweepInterval().toMillis());
        this.sweep = scheduler.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        this.retentionSweep = settings.retention() == null ? null : scheduleRetention(settings.retention());
        // one task renews the leases of all running jobs, rather than a timer per job
        long heartbeatMillis = Math.max(1, settings.heartbeatInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    ObjectReader inputReader(JobDefinition<?, ?> definition) {
        return inputReaders.get(definition.type());
    }

    private void heartbeat() {
        for (Execution execution : local.values()) {
            try {
                execution.heartbeat();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat of job {0} failed; will try again", execution.jobId(), e);
            }
        }
    }

    EngineSettings settings() {
        return settings;
    }

    JobStore store() {
        return store;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Waiters waiters() {
        return waiters;
    }

    // ---- submit -------------------------------------------------------------------------------

    Job submit(String type, String inputJson, SubmitOptions options) {
        JobDefinition<?, ?> definition = definition(type);
        Object input = bind(definition, inputJson);
        String owner = options.owner().orElse(null);
        Optional<String> key = options.idempotencyKey();
        // a repeated idempotent submit answers with the earlier job even when this engine cannot take new work,
        // but the store is asked for the key only then, or when create reports the clash: never on the happy path
        if (closed || !tryAdmit()) {
            Optional<Job> earlier = key.flatMap(k -> store.findByIdempotencyKey(owner, k));
            if (earlier.isPresent()) {
                return sameRequestOrConflict(earlier.get(), type, inputJson);
            }
            throw closed
                    ? new JobRejectedException("the engine is shutting down and accepts no new jobs")
                    : new JobRejectedException("the engine is saturated: " + settings.workers() + " workers busy and "
                            + settings.queueCapacity() + " jobs queued");
        }
        Job created;
        try {
            Instant now = settings.clock().instant();
            // reserved for local dispatch until the lease duration passes; after that any sweep may take it
            created = store.create(JobTransitions.newPending(options.id().orElseGet(JobIds::newId), type, inputJson,
                    owner, key.orElse(null), now));
        } catch (DuplicateJobException e) {
            admitted.decrementAndGet();
            if (e.idempotencyKey().isPresent()) {
                Job earlier = store.findByIdempotencyKey(owner, key.orElseThrow())
                        .orElseThrow(() -> e);
                return sameRequestOrConflict(earlier, type, inputJson);
            }
            throw e;
        } catch (RuntimeException e) {
            admitted.decrementAndGet();
            throw e;
        }
        dispatch(Execution.ofSubmitted(this, created, definition, input));
        return created;
    }

    private Job sameRequestOrConflict(Job earlier, String type, String inputJson) {
        JsonNode earlierInput;
        JsonNode input;
        try {
            earlierInput = settings.mapper().readTree(earlier.inputJson());
            input = settings.mapper().readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw new IdempotencyConflictException("the idempotency key belongs to a job whose input cannot be read");
        }
        if (!earlier.type().equals(type) || !earlierInput.equals(input)) {
            throw new IdempotencyConflictException("the idempotency key was already used for a different "
                    + (earlier.type().equals(type) ? "input" : "job type"));
        }
        return earlier;
    }

    JobDefinition<?, ?> definition(String type) {
        JobDefinition<?, ?> definition = settings.definitions().get(type);
        if (definition == null) {
            throw new UnknownJobTypeException("no handler is registered for job type " + JobIds.abbreviate(type));
        }
        return definition;
    }

    private Object bind(JobDefinition<?, ?> definition, String inputJson) {
        try {
            return inputReader(definition).readValue(inputJson);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new InvalidJobInputException("the input does not fit job type " + definition.type() + ": " + detail, e);
        }
    }

    private void dispatch(Execution execution) {
        local.put(execution.jobId(), execution);
        try {
            workers.execute(execution);
        } catch (RuntimeException e) {
            // the pool refused (shutdown): the job stays in the store for another engine
            executionEnded(execution);
            LOG.log(Level.WARNING, "could not dispatch job {0}; it is left to another engine", execution.jobId());
        }
    }

    private boolean tryAdmit() {
        int current;
        do {
            current = admitted.get();
            if (current >= capacity) {
                return false;
            }
        } while (!admitted.compareAndSet(current, current + 1));
        return true;
    }

    void executionEnded(Execution execution) {
        local.remove(execution.jobId(), execution);
        admitted.decrementAndGet();
    }

    // ---- sweep --------------------------------------------------------------------------------

    private void sweep() {
        if (closed) {
            return;
        }
        Instant now = settings.clock().instant();
        if (now.isBefore(nextSweepAt)) {
            return;
        }
        // the sweep reserves nothing while it waits for the store, so a submit is never refused because a
        // sweep is in progress; in exchange a sweep racing submits may overshoot the capacity by one batch
        int free = Math.min(settings.claimBatchSize(), capacity - admitted.get());
        if (free <= 0) {
            return;
        }
        List<Job> claimed = List.of();
        try {
            claimed = new ArrayList<>();
            for (Job due : store.findDue(settings.definitions().keySet(), now, free)) {
                try {
                    claimed.add(store.update(JobTransitions.claim(due, settings.workerId(), now, now.plus(settings.leaseDuration()))));
                } catch (StaleJobVersionException | IllegalJobTransitionException e) {
                    // taken first
                }
            }
            if (sweepFailures > 0) {
                LOG.log(Level.INFO, "the job store answers again; sweeping resumes");
            }
            sweepFailures = 0;
        } catch (RuntimeException e) {
            sweepFailures++;
            Duration backoff = settings.sweepInterval().multipliedBy(1L << Math.min(sweepFailures, 5));
            if (backoff.compareTo(MAX_SWEEP_BACKOFF) > 0) {
                backoff = MAX_SWEEP_BACKOFF;
            }
            nextSweepAt = now.plus(backoff);
            LOG.log(Level.WARNING, "claiming due jobs failed ({0} in a row); next try in {1}",
                    sweepFailures, backoff, e);
        }
        admitted.addAndGet(claimed.size());
        for (Job job : claimed) {
            JobDefinition<?, ?> definition = settings.definitions().get(job.type());
            if (definition == null) {
                admitted.decrementAndGet();
                failUnknownType(job);
                continue;
            }
            LOG.log(Level.DEBUG, "claimed {0} (attempt {1})", job, job.attempt());
            dispatch(Execution.ofClaimed(this, job, definition));
        }
    }

    private void failUnknownType(Job job) {
        LOG.log(Level.WARNING, "claimed job {0} of type {1}, which this engine has no handler for; failing it",
                job.id(), job.type());
        try {
            Job failed = store.update(JobTransitions.fail(job, settings.clock().instant(), new JobFailure(JobFailure.UNKNOWN_TYPE,
                    "no handler is registered for job type " + job.type())));
            waiters.jobFinished(failed);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not fail job {0}", job.id(), e);
        }
    }

    private ScheduledFuture<?> scheduleRetention(Duration retention) {
        long periodMillis = Math.max(1000, Math.min(retention.toMillis() / 10, Duration.ofMinutes(10).toMillis()));
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                int purged = store.purge(JobStatus.terminal(), settings.clock().instant().minus(retention));
                if (purged > 0) {
                    LOG.log(Level.DEBUG, "retention purged {0} jobs finished more than {1} ago", purged, retention);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention purge failed; will try again", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    // ---- reads, await, terminate ----------------------------------------------------------------

    CompletableFuture<Job> await(String id, Duration maxWait) {
        return waiters.await(id, maxWait);
    }

    Job terminate(String id, String reason) {
        for (int i = 0; i < TERMINATE_ATTEMPTS; i++) {
            // looked up on every attempt: a queued local run may have claimed the job since the last one
            Execution execution = local.get(id);
            if (execution != null) {
                Optional<Job> terminated = execution.terminate(reason);
                if (terminated.isPresent()) {
                    return terminated.get();
                }
            }
            Job job = store.find(id).orElseThrow(() -> new JobNotFoundException("no job with id " + id));
            Job terminated = JobTransitions.terminate(job, settings.clock().instant(), reason);
            try {
                Job written = store.update(terminated);
                // a local run that claimed the job between the two reads above must not run on unstopped
                Execution running = local.get(id);
                if (running != null) {
                    running.stopAfterTermination(written);
                }
                waiters.jobFinished(written);
                return written;
            } catch (StaleJobVersionException e) {
                LOG.log(Level.DEBUG, "job {0} changed while terminating it; reading it again", id);
            }
        }
        throw new JobStoreUnavailableException("job " + id + " kept changing; termination gave up after "
                + TERMINATE_ATTEMPTS + " attempts");
    }

    // ---- shutdown -------------------------------------------------------------------------------

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweep.cancel(false);
        if (retentionSweep != null) {
            retentionSweep.cancel(false);
        }
        // queued runs of submitted jobs never claimed them: those stay Pending and are taken once their
        // reservation ends; queued runs of swept jobs hold a lease, which is given back
        List<Runnable> queued = new ArrayList<>();
        workers.getQueue().drainTo(queued);
        for (Runnable r : queued) {
            Execution execution = (Execution) r;
            execution.releaseForShutdown();
            executionEnded(execution);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.INFO, "releasing {0} jobs still running after the shutdown timeout of {1}",
                        local.size(), settings.shutdownTimeout());
                local.values().forEach(Execution::releaseForShutdown);
                workers.awaitTermination(Math.max(1000, settings.shutdownTimeout().toMillis() / 10), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            local.values().forEach(Execution::releaseForShutdown);
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownNow();
            waiters.releaseAll();
            scheduler.shutdownNow();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
