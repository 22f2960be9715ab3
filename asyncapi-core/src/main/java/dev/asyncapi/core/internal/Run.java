package dev.asyncapi.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.asyncapi.core.IllegalJobTransitionException;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobFailedException;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobHandler;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.Lease;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of one job on this engine, from claim to recorded outcome.
 *
 * <p>Its life is an explicit {@link State}, moved only under {@link #writes}: {@code WAITING} (handed to
 * a worker, nothing claimed, no lease) &rarr; {@code RUNNING} (claimed: the lease starts here and the
 * heartbeat renews it) &rarr; {@code ENDED} (an outcome recorded, or the job terminated, timed out,
 * released or lost to another worker). Every store write of a run holds {@code writes}, so its
 * compare-and-set always starts from the last snapshot the run wrote. The handler's thread never waits
 * for that lock except to record its own outcome: progress is handed over and written by the I/O
 * executor.
 */
final class Run {

    private static final System.Logger LOG = System.getLogger(Run.class.getName());
    private static final Duration FIRST_OUTCOME_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_OUTCOME_RETRY = Duration.ofSeconds(2);

    enum State { WAITING, RUNNING, ENDED }

    private final RunServices services;
    private final JobDefinition<?, ?> definition;
    /** The input a local submit already bound, or null to bind the stored input at start. */
    private final Object submittedInput;
    private final RunContext context;
    /** Whether the sweep claimed the job for this run (a store's batch claim): the run starts {@code RUNNING}. */
    private final boolean preClaimed;
    private final ReentrantLock writes = new ReentrantLock();
    /** Renews the lease and writes pending progress in one write: a heartbeat, or a progress report that is due. */
    private final SingleFlight leaseAndProgress;
    private final AtomicReference<String> pendingProgress = new AtomicReference<>();
    private final AtomicBoolean progressTimerSet = new AtomicBoolean();

    private volatile State state = State.WAITING;
    /** Whether the worker slot of this run went back to the pool (once: when its handler returned, or at its end). */
    private final AtomicBoolean slotGivenBack = new AtomicBoolean();
    /** The last snapshot this run read or wrote; guarded by {@link #writes}. */
    private Job current;
    private volatile Instant lastProgressWrite = Instant.EPOCH;
    /** When this run claimed its job and how long the job had waited; set by the claim, for events. */
    private volatile RunTiming timing;
    /** The thread in the handler, guarded by {@code this} (and nothing else is), so an interrupt never hits it after
     * the handler returned. */
    private Thread handlerThread;

    Run(RunServices services, Job job, JobDefinition<?, ?> definition, Object submittedInput) {
        this(services, job, definition, submittedInput, false);
    }

    private Run(RunServices services, Job job, JobDefinition<?, ?> definition, Object submittedInput,
                boolean preClaimed) {
        this.services = services;
        this.current = job;
        this.definition = definition;
        this.submittedInput = submittedInput;
        this.preClaimed = preClaimed;
        this.context = new RunContext(job.id(), job.type(), this);
        this.leaseAndProgress = new SingleFlight("lease renewal of job ", job.id(), services.io(), this::renewLease);
        if (preClaimed) {
            context.claimed(job.attempt());
            state = State.RUNNING;
        }
    }

    /**
     * A run of a job the sweep has already claimed for this engine, in a store's batch claim: it starts
     * {@code RUNNING}, its lease already counting, and {@link #execute} goes straight to the handler.
     *
     * @param claimed the Running snapshot the store wrote, leased to this engine
     * @param timing  when it was claimed and how long it had waited
     */
    static Run ofClaimed(RunServices services, Job claimed, JobDefinition<?, ?> definition, RunTiming timing) {
        Run run = new Run(services, claimed, definition, null, true);
        run.timing = timing;
        services.written(claimed);
        services.events().claimed(claimed, timing);
        return run;
    }

    String jobId() {
        return context.jobId();
    }

    /**
     * Gives back this run's worker slot, once.
     *
     * @return {@code true} the first time: the caller frees the slot
     */
    boolean giveBackSlot() {
        return slotGivenBack.compareAndSet(false, true);
    }

    boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Claims the job (unless the sweep did) and, if it holds the job, runs the handler and records the outcome;
     * on a worker's thread.
     */
    void execute() {
        if (preClaimed ? state == State.RUNNING : claim()) {
            runClaimed();
        }
    }

    /** Claims the job now that a worker is about to run it: the lease starts here. */
    private boolean claim() {
        writes.lock();
        try {
            if (state != State.WAITING || services.closed()) {
                state = State.ENDED;
                return false;
            }
            Instant now = now();
            Job unclaimed = current;
            current = services.store().update(JobTransitions.claim(current, services.workerId(), now,
                    now.plus(services.leaseDuration())));
            context.claimed(current.attempt());
            state = State.RUNNING;
            services.written(current);
            timing = RunTiming.of(unclaimed, now);
            services.events().claimed(current, timing);
            return true;
        } catch (StaleJobVersionException | IllegalJobTransitionException e) {
            state = State.ENDED;
            LOG.log(Level.DEBUG, "job {0} was claimed, terminated or deleted before this run started", jobId());
            return false;
        } catch (RuntimeException e) {
            state = State.ENDED;
            LOG.log(Level.WARNING, () -> "could not claim job " + jobId() + "; it stays due for any worker", e);
            return false;
        } finally {
            writes.unlock();
        }
    }

    /** Runs the claimed job inside its trace span (a no-op without a trace propagator). */
    private void runClaimed() {
        Tracing.Span span = services.tracing().startRun(current, timing);
        try {
            runClaimed(span);
        } finally {
            span.end();
        }
    }

    private void runClaimed(Tracing.Span span) {
        ScheduledFuture<?> timeout = definition.timeout()
                .map(t -> services.timers().schedule(() -> services.io().execute(this::timeOut),
                        Durations.saturatedNanos(t), TimeUnit.NANOSECONDS))
                .orElse(null);
        Object output = null;
        Throwable failure = null;
        try {
            Object input = submittedInput != null ? submittedInput : bindStoredInput();
            synchronized (this) {
                if (state != State.RUNNING) {
                    return;
                }
                handlerThread = Thread.currentThread();
            }
            services.events().started(current, timing);
            output = callHandler(input);
        } catch (Throwable t) {
            failure = t;
            span.failed(t);
        } finally {
            synchronized (this) {
                handlerThread = null;
                Thread.interrupted();
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        // the handler is done: its slot can take the next job while this thread records the outcome
        services.handlerReturned(this);
        recordOutcome(output, failure);
    }

    private Object bindStoredInput() throws InputNotBindable {
        Object input;
        try {
            input = services.json().bindStored(definition.type(), current.inputJson());
        } catch (JsonProcessingException e) {
            throw new InputNotBindable(e);
        }
        if (input == null && !definition.acceptsNullInput()) {
            // stored by an engine that accepted null for the type, or before null inputs were refused
            throw new InputNotBindable(null);
        }
        return input;
    }

    @SuppressWarnings("unchecked")
    private Object callHandler(Object input) throws Exception {
        return ((JobHandler<Object, Object>) definition.handler()).handle(input, context);
    }

    private void recordOutcome(Object output, Throwable failure) {
        if (state != State.RUNNING) {
            // terminated, timed out, released or lost while the handler ran: that write was the outcome
            return;
        }
        String outputJson = null;
        if (failure == null) {
            try {
                outputJson = services.json().outputToJson(output);
            } catch (JsonProcessingException e) {
                failure = new OutputNotWritable(e);
            }
        }
        String json = outputJson;
        Outcome outcome = json != null ? (job, now) -> JobTransitions.complete(job, now, json)
                : afterFailure(output, failure);
        Duration pause = FIRST_OUTCOME_RETRY;
        while (!tryRecord(outcome)) {
            // the store is unavailable and the lease still holds: nobody else may run the job yet, so the outcome
            // is kept and written once the store answers, instead of running the job again after the lease
            pause(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_OUTCOME_RETRY) > 0 ? MAX_OUTCOME_RETRY : pause.multipliedBy(2);
        }
    }

    /**
     * One attempt to write the outcome, from the latest snapshot (a heartbeat may have renewed the lease in
     * between).
     *
     * @return {@code false} to try again: the store was unavailable and the lease outlasts the next pause
     */
    private boolean tryRecord(Outcome outcome) {
        writes.lock();
        try {
            if (state != State.RUNNING) {
                return true;
            }
            Instant now = now();
            try {
                write(outcome.next(current, now)).ifPresent(written -> services.events().runEnded(written, timing));
                state = State.ENDED;
                return true;
            } catch (JobStoreUnavailableException e) {
                Instant leaseEnds = current.lease().map(Lease::expiresAt).orElse(now);
                if (now.plus(MAX_OUTCOME_RETRY).isBefore(leaseEnds)) {
                    LOG.log(Level.INFO, () -> "recording the outcome of job " + jobId()
                            + " failed; trying again while its lease lasts", e);
                    return false;
                }
                state = State.ENDED;
                LOG.log(Level.WARNING, () -> "recording the outcome of job " + jobId() + " failed and its lease is"
                        + " running out; it runs again once the lease has expired", e);
                return true;
            } catch (RuntimeException e) {
                state = State.ENDED;
                LOG.log(Level.WARNING, () -> "recording the outcome of job " + jobId()
                        + " failed; it runs again once its lease expires", e);
                return true;
            }
        } finally {
            writes.unlock();
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The outcome of a failed run. The recorded messages are plain, for callers: they never name a Java
     * type; the exception and the types go to the log.
     */
    private Outcome afterFailure(Object output, Throwable failure) {
        if (failure instanceof OutputNotWritable) {
            LOG.log(Level.WARNING, () -> "job " + jobId() + " of type " + definition.type() + ": the handler's output of "
                    + output.getClass().getName() + " could not be written as JSON", failure.getCause());
            return failWith(new JobFailure(JobFailure.OUTPUT_NOT_SERIALIZABLE, "the output could not be written as JSON"));
        }
        if (failure instanceof InputNotBindable) {
            LOG.log(Level.WARNING, () -> "job " + jobId() + " of type " + definition.type() + ": the stored input "
                    + (failure.getCause() == null ? "is null" : "does not bind") + " to "
                    + definition.inputType().getName(), failure.getCause());
            return failWith(new JobFailure(JobFailure.INPUT_NOT_BINDABLE,
                    "the stored input no longer fits the job type's input"));
        }
        int attempt = context.attempt();
        if (definition.retryPolicy().shouldRetry(attempt, failure)) {
            Duration delay = definition.retryPolicy().delayAfter(attempt);
            LOG.log(Level.INFO, () -> "job " + jobId() + " of type " + definition.type() + " failed on attempt "
                    + attempt + "; retrying in " + delay, failure);
            return (job, now) -> JobTransitions.release(job, now, now.plus(delay));
        }
        if (failure instanceof JobFailedException jfe) {
            return failWith(jfe.toFailure());
        }
        LOG.log(Level.WARNING, () -> "job " + jobId() + " of type " + definition.type() + " failed on attempt " + attempt,
                failure);
        return failWith(new JobFailure(JobFailure.HANDLER_FAILED, "the handler failed"));
    }

    private static Outcome failWith(JobFailure failure) {
        return (job, now) -> JobTransitions.fail(job, now, failure);
    }

    /** How a run's outcome turns the latest snapshot into the one to write. */
    @FunctionalInterface
    private interface Outcome {
        Job next(Job current, Instant now);
    }

    /**
     * Compare-and-set write of the next snapshot; the caller holds {@link #writes}. An outcome the store
     * refuses as too large is written smaller instead (see {@link OutcomeWrites}). On a lost race the job is
     * read again: whether it was terminated elsewhere or taken over after the lease expired, this run stops.
     * Every snapshot written (or read after a lost race) goes to the job's awaits and watches.
     *
     * @throws PayloadTooLargeException if a snapshot that is not an outcome is too large, or no smaller outcome fits
     */
    private Optional<Job> write(Job next) {
        try {
            current = OutcomeWrites.update(services.store(), current, next);
            services.written(current);
            return Optional.of(current);
        } catch (StaleJobVersionException e) {
            state = State.ENDED;
            Optional<Job> stored = services.store().find(jobId());
            stored.ifPresent(j -> current = j);
            boolean terminated = stored.map(j -> j.status() == JobStatus.TERMINATED).orElse(true);
            LOG.log(Level.INFO, "job {0} changed under this worker ({1}); stopping this run", jobId(),
                    terminated ? "terminated or deleted" : "taken over after its lease expired");
            if (!terminated) {
                services.events().leaseLost(current, timing);
            }
            stopHandler();
            stored.ifPresent(services::written);
            return Optional.empty();
        }
    }

    /** Asks the I/O executor to renew the lease; a renewal still in flight absorbs the request. */
    void requestHeartbeat() {
        if (state == State.RUNNING) {
            leaseAndProgress.request();
        }
    }

    private void renewLease() {
        writes.lock();
        try {
            if (state != State.RUNNING) {
                return;
            }
            Instant now = now();
            Job renewed = JobTransitions.renewLease(current, now, now.plus(services.leaseDuration()));
            String progress = pendingProgress.getAndSet(null);
            try {
                if (progress == null || !writeWithProgress(renewed, now, progress)) {
                    write(renewed);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "renewing the lease of job " + jobId()
                        + " failed; the next heartbeat tries again", e);
            }
        } finally {
            writes.unlock();
        }
    }

    /**
     * Writes the renewed lease with a progress report; the caller holds {@link #writes}. A report the store refuses
     * as too large is dropped, so the lease renewal goes ahead without it: kept, it would fail every later heartbeat
     * too, and the lease would run out under a running handler. A report that failed for another reason is kept for
     * the next heartbeat unless a newer one replaced it.
     *
     * @return {@code false} if the report was dropped as too large and the renewal is still to write
     */
    private boolean writeWithProgress(Job renewed, Instant now, String progress) {
        try {
            if (write(JobTransitions.withProgress(renewed, now, progress)).isPresent()) {
                lastProgressWrite = now;
                services.events().progress(current, timing);
            }
            return true;
        } catch (PayloadTooLargeException e) {
            // the store's message may quote what it refused; the size says enough
            LOG.log(Level.WARNING, () -> "job " + jobId() + " of type " + definition.type() + ": a progress report of "
                    + progress.length() + " characters makes the job larger than the store accepts; it is dropped and"
                    + " the lease renewed without it");
            return false;
        } catch (RuntimeException e) {
            pendingProgress.compareAndSet(null, progress);
            throw e;
        }
    }

    void reportProgress(Object progress) {
        String json = services.json().progressToJson(progress);
        if (state != State.RUNNING) {
            return;
        }
        pendingProgress.set(json);
        Instant dueAt = lastProgressWrite.plus(services.progressInterval());
        Instant now = now();
        if (!now.isBefore(dueAt)) {
            leaseAndProgress.request();
        } else if (progressTimerSet.compareAndSet(false, true)) {
            services.timers().schedule(() -> {
                progressTimerSet.set(false);
                leaseAndProgress.request();
            }, Duration.between(now, dueAt).toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void timeOut() {
        writes.lock();
        try {
            if (state != State.RUNNING) {
                return;
            }
            state = State.ENDED;
            Duration limit = definition.timeout().orElseThrow();
            write(JobTransitions.fail(current, now(), new JobFailure(JobFailure.TIMED_OUT,
                    "the job ran longer than its timeout of " + limit)))
                    .ifPresent(written -> services.events().runEnded(written, timing));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "recording the timeout of job " + jobId()
                    + " failed; it runs again once its lease expires", e);
        } finally {
            writes.unlock();
        }
        stopHandler();
    }

    /**
     * Terminates this run's job if the run holds it. If the write fails (the store is unavailable, or the job
     * too large for even a shortened reason), the run goes on as if nothing had been asked: the job was not
     * terminated, so its handler is not stopped and its lease still renewed.
     *
     * @return the Terminated snapshot, or empty if this run does not hold the job (not claimed yet, or ended)
     */
    Optional<Job> terminate(String reason) {
        writes.lock();
        try {
            if (state != State.RUNNING) {
                return Optional.empty();
            }
            Optional<Job> written = write(JobTransitions.terminate(current, now(), reason));
            state = State.ENDED;
            written.ifPresent(job -> services.events().runEnded(job, timing));
            return written;
        } finally {
            writes.unlock();
            if (state != State.RUNNING) {
                stopHandler();
            }
        }
    }

    /** Gives the job back (Pending, due at once) at shutdown, so another engine takes it over at once. */
    void releaseForShutdown() {
        giveBack("at shutdown");
    }

    /**
     * Writes the job back as Pending and due at once if this run holds it, then stops the handler if one runs.
     *
     * @param when for the log: when the job is given back
     */
    private void giveBack(String when) {
        writes.lock();
        try {
            if (state != State.RUNNING) {
                state = State.ENDED;
                return;
            }
            state = State.ENDED;
            Instant now = now();
            write(JobTransitions.release(current, now, now)).ifPresent(written -> services.events().released(written, timing));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "could not release job " + jobId()
                    + " " + when + "; it is taken over once its lease expires", e);
        } finally {
            writes.unlock();
        }
        stopHandler();
    }

    /**
     * Ends a run that never started: its worker slot went elsewhere, the executor refused it, or the engine shut
     * down. A run that claimed nothing writes nothing; one the sweep claimed gives its job back, due at once.
     */
    void abandon() {
        if (preClaimed) {
            giveBack("that this engine could not start");
            return;
        }
        writes.lock();
        try {
            if (state == State.WAITING) {
                state = State.ENDED;
            }
        } finally {
            writes.unlock();
        }
    }

    private void stopHandler() {
        context.requestTermination();
        synchronized (this) {
            if (handlerThread != null) {
                handlerThread.interrupt();
            }
        }
    }

    private Instant now() {
        return services.clock().instant();
    }

    /** The stored input no longer binds to the handler's input class. */
    private static final class InputNotBindable extends Exception {
        private static final long serialVersionUID = 1L;

        InputNotBindable(Throwable cause) {
            super(cause);
        }
    }

    /** The handler's output cannot be written as JSON. */
    private static final class OutputNotWritable extends Exception {
        private static final long serialVersionUID = 1L;

        OutputNotWritable(Throwable cause) {
            super(cause);
        }
    }
}
