package dev.asyncapi.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.asyncapi.core.spi.StaleJobVersionException;
import dev.asyncapi.core.internal.JobTransitions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of one job on this engine: claim (for locally submitted jobs), heartbeat, handler call,
 * timeout, termination and the recording of exactly one outcome. Every store write of the run goes
 * through {@link #write}, under this object's lock, with compare-and-set on the last snapshot.
 */
final class Execution implements Runnable, JobContext {

    private static final System.Logger LOG = System.getLogger(Execution.class.getName());

    private final JobEngine engine;
    private final EngineSettings settings;
    private final JobDefinition<?, ?> definition;
    private final boolean needsClaim;
    /** The input a local submit already bound, so the run does not parse it again. */
    private final Object submittedInput;
    private final boolean hasSubmittedInput;

    /** The last snapshot this run wrote or read; guarded by {@code this}. */
    private Job current;
    /** Set once an outcome is recorded or the job is lost to this run; guarded by {@code this}. */
    private boolean done;
    /** Set when the run starts; from then on the engine's heartbeat renews this run's lease. */
    private boolean started;
    private boolean inHandler;
    private Thread runner;
    private String pendingProgress;
    private Instant lastProgressWrite = Instant.EPOCH;
    private ScheduledFuture<?> progressFlush;
    private volatile boolean terminationRequested;

    private Execution(JobEngine engine, Job job, JobDefinition<?, ?> definition, boolean needsClaim,
                      Object submittedInput, boolean hasSubmittedInput) {
        this.engine = engine;
        this.settings = engine.settings();
        this.current = job;
        this.definition = definition;
        this.needsClaim = needsClaim;
        this.submittedInput = submittedInput;
        this.hasSubmittedInput = hasSubmittedInput;
    }

    /**
     * A run of a job this engine just created (Pending): it claims the job when it starts.
     *
     * @param input the job's input, already bound from its stored JSON by the submit
     */
    static Execution ofSubmitted(JobEngine engine, Job pending, JobDefinition<?, ?> definition, Object input) {
        return new Execution(engine, pending, definition, true, input, true);
    }

    /** A run of a job the sweep already claimed (Running, leased to this worker). */
    static Execution ofClaimed(JobEngine engine, Job claimed, JobDefinition<?, ?> definition) {
        return new Execution(engine, claimed, definition, false, null, false);
    }

    @Override
    public void run() {
        try {
            if (needsClaim && !claim()) {
                return;
            }
            runClaimed();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recording the outcome of job {0} failed; it runs again once its lease expires",
                    current.id(), e);
        } finally {
            engine.executionEnded(this);
        }
    }

    private boolean claim() {
        synchronized (this) {
            if (done) {
                return false;
            }
            Instant now = now();
            try {
                current = engine.store().update(JobTransitions.claim(current, settings.workerId(), now, now.plus(settings.leaseDuration())));
                return true;
            } catch (StaleJobVersionException | IllegalJobTransitionException e) {
                // terminated, or claimed by a sweep, before this queued run started
                done = true;
                LOG.log(Level.DEBUG, "job {0} changed before its local run started; skipping it", current.id());
                return false;
            } catch (RuntimeException e) {
                done = true;
                LOG.log(Level.WARNING, "could not claim job {0}; a sweep will pick it up later", current.id(), e);
                return false;
            }
        }
    }

    private void runClaimed() {
        synchronized (this) {
            started = true;
        }
        ScheduledFuture<?> timeout = definition.timeout()
                .map(t -> engine.scheduler().schedule(this::timeOut, Durations.saturatedNanos(t), TimeUnit.NANOSECONDS))
                .orElse(null);
        Object output = null;
        Throwable failure = null;
        try {
            Object input = hasSubmittedInput ? submittedInput : bindInput();
            synchronized (this) {
                if (done) {
                    return;
                }
                runner = Thread.currentThread();
                inHandler = true;
            }
            output = callHandler(input);
        } catch (Throwable t) {
            failure = t;
        } finally {
            synchronized (this) {
                inHandler = false;
                runner = null;
                Thread.interrupted();
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        recordOutcome(output, failure);
    }

    private Object bindInput() throws InputBindingException {
        try {
            return engine.inputReader(definition).readValue(current.inputJson());
        } catch (JsonProcessingException e) {
            throw new InputBindingException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Object callHandler(Object input) throws Exception {
        return ((JobHandler<Object, Object>) definition.handler()).handle(input, this);
    }

    private void recordOutcome(Object output, Throwable failure) {
        synchronized (this) {
            if (done) {
                return;
            }
            Instant now = now();
            if (failure == null) {
                String json;
                try {
                    json = settings.mapper().writeValueAsString(output);
                } catch (JsonProcessingException e) {
                    finish(JobTransitions.fail(current, now, new JobFailure(JobFailure.OUTPUT_NOT_SERIALIZABLE,
                            "the handler's output of type " + output.getClass().getName()
                                    + " could not be written as JSON")));
                    return;
                }
                try {
                    finish(JobTransitions.complete(current, now, json));
                } catch (PayloadTooLargeException e) {
                    finish(JobTransitions.fail(current, now, new JobFailure(JobFailure.OUTPUT_TOO_LARGE, e.getMessage())));
                }
                return;
            }
            if (failure instanceof InputBindingException) {
                finish(JobTransitions.fail(current, now, new JobFailure(JobFailure.INPUT_NOT_BINDABLE,
                        "the stored input does not bind to " + definition.inputType().getName())));
                return;
            }
            int attempt = current.attempt();
            if (definition.retryPolicy().shouldRetry(attempt, failure)) {
                LOG.log(Level.INFO, "job {0} attempt {1} failed with {2}; retrying",
                        current.id(), attempt, failure.getClass().getName());
                finish(JobTransitions.release(current, now, now.plus(definition.retryPolicy().delayAfter(attempt))));
                return;
            }
            JobFailure recorded;
            if (failure instanceof JobFailedException jfe) {
                recorded = jfe.toFailure();
            } else {
                LOG.log(Level.WARNING, "job {0} of type {1} failed on attempt {2}",
                        current.id(), current.type(), attempt, failure);
                recorded = new JobFailure(JobFailure.HANDLER_FAILED,
                        "the handler failed with " + failure.getClass().getSimpleName());
            }
            finish(JobTransitions.fail(current, now, recorded));
        }
    }

    /** Writes a final snapshot (terminal, or Pending for a retry or release) and ends this run's writes. */
    private void finish(Job next) {
        done = true;
        cancelProgressFlush();
        write(next).filter(j -> j.status().isTerminal()).ifPresent(engine.waiters()::jobFinished);
    }

    /**
     * Compare-and-set write of the next snapshot. On a lost race re-reads the job: if it was terminated
     * elsewhere the handler is stopped. Caller holds the lock.
     */
    private Optional<Job> write(Job next) {
        try {
            current = engine.store().update(next);
            return Optional.of(current);
        } catch (StaleJobVersionException e) {
            done = true;
            Optional<Job> stored = engine.store().find(current.id());
            stored.ifPresent(j -> current = j);
            boolean terminated = stored.map(j -> j.status() == JobStatus.TERMINATED).orElse(true);
            LOG.log(Level.INFO, "job {0} changed under this worker ({1}); stopping this run",
                    current.id(), terminated ? "terminated or deleted" : "taken over after the lease expired");
            stopHandler();
            stored.filter(j -> j.status().isTerminal()).ifPresent(engine.waiters()::jobFinished);
            return Optional.empty();
        }
    }

    /** Renews the lease of a started run and writes pending progress; called by the engine's heartbeat. */
    void heartbeat() {
        synchronized (this) {
            if (done || !started) {
                return;
            }
            Instant now = now();
            Job next = JobTransitions.renewLease(current, now, now.plus(settings.leaseDuration()));
            if (pendingProgress != null) {
                next = JobTransitions.withProgress(next, now, pendingProgress);
            }
            try {
                if (write(next).isPresent() && pendingProgress != null) {
                    pendingProgress = null;
                    lastProgressWrite = now;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat of job {0} failed; will try again", current.id(), e);
            }
        }
    }

    private void timeOut() {
        synchronized (this) {
            if (done) {
                return;
            }
            terminationRequested = true;
            Duration limit = definition.timeout().orElseThrow();
            try {
                finish(JobTransitions.fail(current, now(), new JobFailure(JobFailure.TIMED_OUT,
                        "the job ran longer than its timeout of " + limit)));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "recording the timeout of job {0} failed", current.id(), e);
            }
            stopHandler();
        }
    }

    /**
     * Terminates this run's job if it is still this run's to change.
     *
     * @return the Terminated snapshot, or empty if this run no longer owns the job
     */
    Optional<Job> terminate(String reason) {
        synchronized (this) {
            if (done || current.status() != JobStatus.RUNNING) {
                return Optional.empty();
            }
            done = true;
            terminationRequested = true;
            cancelProgressFlush();
            Optional<Job> written = write(JobTransitions.terminate(current, now(), reason));
            stopHandler();
            written.ifPresent(engine.waiters()::jobFinished);
            return written;
        }
    }

    /**
     * Stops this run because its job was terminated by a direct store write: whatever snapshot the run
     * holds is stale now, so it records nothing more.
     */
    void stopAfterTermination(Job terminated) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            current = terminated;
            cancelProgressFlush();
            stopHandler();
        }
    }

    /** Gives the job back to the store at shutdown so another engine takes it over at once. */
    void releaseForShutdown() {
        synchronized (this) {
            if (done || current.status() != JobStatus.RUNNING) {
                done = true;
                return;
            }
            Instant now = now();
            try {
                finish(JobTransitions.release(current, now, now));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not release job {0} at shutdown; it is taken over once its lease expires",
                        current.id(), e);
            }
            terminationRequested = true;
            stopHandler();
        }
    }

    private void stopHandler() {
        terminationRequested = true;
        if (inHandler && runner != null) {
            runner.interrupt();
        }
    }

    // ---- JobContext ---------------------------------------------------------------------------

    @Override
    public String jobId() {
        return current.id();
    }

    @Override
    public String jobType() {
        return definition.type();
    }

    @Override
    public synchronized int attempt() {
        return current.attempt();
    }

    @Override
    public void reportProgress(Object progress) {
        if (progress == null) {
            throw new NullPointerException("progress cannot be null");
        }
        String json;
        try {
            json = settings.mapper().writeValueAsString(progress);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("progress of type " + progress.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        synchronized (this) {
            if (done) {
                return;
            }
            pendingProgress = json;
            Instant now = now();
            if (!now.isBefore(lastProgressWrite.plus(settings.progressInterval()))) {
                flushProgress();
            } else if (progressFlush == null) {
                long delay = Duration.between(now, lastProgressWrite.plus(settings.progressInterval())).toNanos();
                progressFlush = engine.scheduler().schedule(this::flushProgress, delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void flushProgress() {
        synchronized (this) {
            progressFlush = null;
            if (done || pendingProgress == null) {
                return;
            }
            Instant now = now();
            try {
                if (write(JobTransitions.withProgress(current, now, pendingProgress)).isPresent()) {
                    pendingProgress = null;
                    lastProgressWrite = now;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "writing progress of job {0} failed; the next heartbeat retries", current.id(), e);
            }
        }
    }

    private void cancelProgressFlush() {
        if (progressFlush != null) {
            progressFlush.cancel(false);
            progressFlush = null;
        }
    }

    @Override
    public boolean isTerminationRequested() {
        return terminationRequested;
    }

    private Instant now() {
        return settings.clock().instant();
    }

    /** The stored input no longer binds to the handler's input class. */
    private static final class InputBindingException extends Exception {
        private static final long serialVersionUID = 1L;

        InputBindingException(Throwable cause) {
            super(cause);
        }
    }
}
