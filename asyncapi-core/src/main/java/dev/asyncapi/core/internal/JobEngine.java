package dev.asyncapi.core.internal;

import dev.asyncapi.core.EngineGauges;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobContentionException;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobNotFoundException;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobWatch;
import dev.asyncapi.core.JobWatcher;
import dev.asyncapi.core.SubmitOptions;
import dev.asyncapi.core.spi.JobStoreListener;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The engine behind {@code AsyncJobs}, wired from its parts: {@link Submissions} (submit and
 * idempotency), {@link WorkerPool} (admission and dispatch), {@link Sweeper} (due work from the store),
 * {@link Heartbeats} (leases of claimed runs), {@link Retention} (purge of old jobs), {@link Followers}
 * (await and watch), and {@link Run} (one run of one job). A client-only engine (no handlers) has no pool, sweep
 * or heartbeat: it submits, reads, awaits and terminates.
 */
public final class JobEngine {

    private static final System.Logger LOG = System.getLogger(JobEngine.class.getName());
    private static final int TERMINATE_ATTEMPTS = 8;

    private final EngineSettings settings;
    private final Json json;
    private final EngineThreads threads;
    private final Followers followers;
    private final WorkerPool pool;
    private final RunServices runServices;
    private final Submissions submissions;
    private final Sweeper sweeper;
    private final Heartbeats heartbeats;
    private final Retention retention;
    private final JobEvents events;
    private volatile boolean closed;
    /** The store's change feed: opened at start by an engine that runs jobs, at its first follow by a client. */
    private final Object feedLock = new Object();
    private AutoCloseable changeFeed;

    /**
     * Starts an engine: its threads, and unless client-only its sweep and heartbeats.
     *
     * @param settings validated settings
     */
    public JobEngine(EngineSettings settings) {
        this.settings = settings;
        Map<String, InputBinding> inputs = new HashMap<>(settings.submitOnlyTypes());
        settings.handlers().forEach((type, d) -> inputs.put(type, new InputBinding(d.inputType(), d.acceptsNullInput())));
        this.json = new Json(settings.mapper(), inputs);
        this.threads = new EngineThreads(settings);
        this.events = new JobEvents(settings);
        if (settings.clientOnly()) {
            this.pool = null;
            // a client needs the feed only to wake its awaits and watches: it listens once it follows a job
            this.followers = new Followers(threads.timers, threads.io, settings.store()::find, id -> false,
                    settings.awaitPollInterval(), this::openChangeFeed);
            this.runServices = null;
            this.sweeper = null;
            this.heartbeats = null;
        } else {
            this.pool = new WorkerPool(settings.workers(), settings.queueCapacity(), threads.handlers, this::slotFreed);
            this.followers = new Followers(threads.timers, threads.io, settings.store()::find, pool::runsLocally,
                    settings.awaitPollInterval(), () -> { });
            this.runServices = new RunServices(settings, json, threads, followers, pool, events);
            this.heartbeats = new Heartbeats(settings, pool, threads);
            this.sweeper = new Sweeper(settings, pool, threads, job -> newRun(job, null),
                    (job, timing) -> Run.ofClaimed(runServices, job, settings.handlers().get(job.type()), timing));
        }
        this.submissions = new Submissions(settings, json, pool, this::newRun, events);
        this.retention = settings.retentionPeriod().map(r -> new Retention(settings, r, threads)).orElse(null);
        if (!settings.clientOnly()) {
            openChangeFeed();
        }
    }

    /** Subscribes to the store's change feed unless subscribed already or closed. */
    private void openChangeFeed() {
        synchronized (feedLock) {
            if (changeFeed == null && !closed) {
                changeFeed = listen(settings);
            }
        }
    }

    private AutoCloseable listen(EngineSettings settings) {
        try {
            return settings.store().listen(new ChangeFeed());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the store's change feed could not be opened; sweeps and polls find changes"
                    + " at their intervals", e);
            return () -> { };
        }
    }

    /** What the store's change feed wakes: the sweep for due work, and the followers of a changed job. */
    private final class ChangeFeed implements JobStoreListener {
        @Override
        public void workDue(String type) {
            Sweeper s = sweeper;
            if (s != null && !closed) {
                s.workDue(type);
            }
        }

        @Override
        public void jobChanged(String jobId) {
            followers.changed(jobId);
        }

        @Override
        public void changesMissed() {
            Sweeper s = sweeper;
            if (s != null && !closed) {
                s.sweepSoon();
            }
            followers.pollSoon();
        }
    }

    private Run newRun(Job job, Object submittedInput) {
        JobDefinition<?, ?> definition = settings.handlers().get(job.type());
        return new Run(runServices, job, definition, submittedInput);
    }

    private void slotFreed() {
        Sweeper s = sweeper;
        // null only while the constructor is still wiring the parts
        if (s != null) {
            s.slotFreed();
        }
    }

    /** @return the engine's JSON steps */
    public Json json() {
        return json;
    }

    /**
     * Submits a job whose input is already parsed, checked and bound by {@link #json()}.
     *
     * @param type    a type this engine runs or submits
     * @param input   the input
     * @param options id, idempotency key and owner
     * @return the stored job
     */
    public Job submit(String type, Json.SubmittedInput input, SubmitOptions options) {
        if (closed) {
            events.rejected(type, true);
            throw JobRejectedException.shuttingDown();
        }
        return submissions.submit(type, input, options);
    }

    /**
     * Waits for a job without holding a thread.
     *
     * @param id      a well-formed id
     * @param maxWait the longest wait
     * @return a future of the latest snapshot
     */
    public CompletableFuture<Job> await(String id, Duration maxWait) {
        return followers.await(id, maxWait);
    }

    /**
     * Watches a job: its current snapshot, then each newer one, without holding a thread.
     *
     * @param id      a well-formed id
     * @param watcher receives the snapshots
     * @return the watch
     */
    public JobWatch watch(String id, JobWatcher watcher) {
        return followers.watch(id, watcher);
    }

    /**
     * Terminates a Pending or Running job: through its run if this engine runs it (interrupting the
     * handler at once), else by a compare-and-set write that the owning engine sees at its next write.
     *
     * @param id     a well-formed id
     * @param reason recorded as the failure message
     * @return the Terminated snapshot
     */
    public Job terminate(String id, String reason) {
        for (int i = 0; i < TERMINATE_ATTEMPTS; i++) {
            // looked up on every attempt: a waiting local run may have claimed the job since the last one
            Run run = pool == null ? null : pool.active(id);
            if (run != null) {
                Optional<Job> terminated = run.terminate(reason);
                if (terminated.isPresent()) {
                    return terminated.get();
                }
            }
            Job job = settings.store().find(id).orElseThrow(() -> new JobNotFoundException(id));
            try {
                Job written = OutcomeWrites.update(settings.store(), job,
                        JobTransitions.terminate(job, settings.clock().instant(), reason));
                followers.written(written);
                events.terminated(written);
                return written;
            } catch (StaleJobVersionException e) {
                LOG.log(Level.DEBUG, "job {0} changed while terminating it; reading it again", id);
            }
        }
        throw new JobContentionException(id, TERMINATE_ATTEMPTS);
    }

    /** @return the admission gauges now; all zero for a client-only engine */
    public EngineGauges gauges() {
        if (pool == null) {
            return new EngineGauges(0, 0, 0, 0);
        }
        return new EngineGauges(Math.min(pool.busy(), settings.workers()), Math.min(pool.queued(), settings.queueCapacity()),
                settings.workers(), settings.queueCapacity());
    }

    /**
     * Shuts down: no new submits, no sweep; waiting submits stay Pending (they hold no lease); running
     * jobs get the shutdown timeout to finish, then are released with their handlers interrupted; then
     * awaits answer and watches end. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        AutoCloseable feed;
        synchronized (feedLock) {
            closed = true;
            feed = changeFeed;
        }
        if (feed != null) {
            try {
                feed.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the store's change feed failed", e);
            }
        }
        if (retention != null) {
            retention.stop();
        }
        if (pool != null) {
            sweeper.stop();
            pool.close();
            drainRuns();
            heartbeats.stop();
        }
        followers.releaseAll();
        threads.shutdown();
    }

    private void drainRuns() {
        try {
            if (!pool.awaitIdle(settings.shutdownTimeout())) {
                LOG.log(Level.INFO, "releasing {0} jobs still running after the shutdown timeout of {1}",
                        pool.busy(), settings.shutdownTimeout());
                pool.activeRuns().forEach(Run::releaseForShutdown);
                pool.awaitIdle(Duration.ofMillis(Math.max(1000, settings.shutdownTimeout().toMillis() / 10)));
            }
        } catch (InterruptedException e) {
            pool.activeRuns().forEach(Run::releaseForShutdown);
            Thread.currentThread().interrupt();
        }
    }
}
