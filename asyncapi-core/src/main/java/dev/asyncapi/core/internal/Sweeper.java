package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finds due work of the types this engine runs (new jobs submitted anywhere, retries whose delay has
 * passed, jobs whose worker died and whose lease expired) and starts one run per free worker slot.
 * It claims nothing itself: each run claims its job when its worker starts it, so the lease starts
 * then. Runs on the I/O executor, once per interval and whenever a slot frees while a backlog was
 * seen; a failing store backs it off up to {@value #MAX_BACKOFF_SECONDS} s.
 */
final class Sweeper {

    private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
    private static final int MAX_BACKOFF_SECONDS = 30;

    private final EngineSettings settings;
    private final Set<String> types;
    private final WorkerPool pool;
    private final Function<Job, Run> newRun;
    private final SingleFlight flight;
    private final ScheduledFuture<?> timer;
    /** Set when the last sweep found as many due jobs as it asked for: more may be waiting. */
    private volatile boolean backlogSeen;
    private int failures;
    private Instant nextSweepAt = Instant.EPOCH;

    Sweeper(EngineSettings settings, WorkerPool pool, EngineThreads threads, Function<Job, Run> newRun) {
        this.settings = settings;
        this.types = settings.handlers().keySet();
        this.pool = pool;
        this.newRun = newRun;
        this.flight = new SingleFlight("sweep", threads.io, this::sweepOnce);
        long millis = Math.max(1, settings.sweepInterval().toMillis());
        this.timer = threads.timers.scheduleWithFixedDelay(flight::request, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A worker slot came free: sweep at once if the last sweep saw a backlog. */
    void slotFreed() {
        if (backlogSeen && pool.freeSlotsForSweep() > 0) {
            flight.request();
        }
    }

    /** The store's change feed says work of a type may be due: sweep now if this engine runs it and has room. */
    void workDue(String type) {
        if (types.contains(type) && pool.freeSlotsForSweep() > 0) {
            flight.request();
        }
    }

    /** Sweeps now if there is room, whatever the type: the store's feed may have missed work. */
    void sweepSoon() {
        if (pool.freeSlotsForSweep() > 0) {
            flight.request();
        }
    }

    void stop() {
        timer.cancel(false);
    }

    private void sweepOnce() {
        Instant now = settings.clock().instant();
        int free = Math.min(settings.claimBatchSize(), pool.freeSlotsForSweep());
        if (free <= 0 || now.isBefore(nextSweepAt)) {
            return;
        }
        List<Job> due;
        try {
            due = settings.store().findDue(types, now, free);
            if (failures > 0) {
                LOG.log(Level.INFO, "the job store answers again; sweeping resumes");
            }
            failures = 0;
        } catch (RuntimeException e) {
            failures++;
            Duration backoff = settings.sweepInterval().multipliedBy(1L << Math.min(failures, 5));
            if (backoff.compareTo(Duration.ofSeconds(MAX_BACKOFF_SECONDS)) > 0) {
                backoff = Duration.ofSeconds(MAX_BACKOFF_SECONDS);
            }
            nextSweepAt = now.plus(backoff);
            int inARow = failures;
            Duration next = backoff;
            LOG.log(Level.WARNING, () -> "finding due jobs failed (" + inARow + " in a row); next try in " + next, e);
            return;
        }
        backlogSeen = due.size() >= free;
        for (Job job : due) {
            if (pool.active(job.id()) != null || !pool.tryTakeSlotForSweep()) {
                continue;
            }
            pool.start(newRun.apply(job));
        }
    }
}
