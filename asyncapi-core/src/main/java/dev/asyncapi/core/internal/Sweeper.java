package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.JobStore;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Finds due work of the types this engine runs (new jobs submitted anywhere, retries whose delay has
 * passed, jobs whose worker died and whose lease expired) and starts one run per free worker slot.
 * The lease starts when a worker is free for the job: with a store that {@linkplain JobStore#claimsInBatches
 * claims in batches}, the sweep claims at most as many jobs as there are free slots in one store call and starts
 * a claimed run on each; otherwise it only finds jobs, and each run claims its job when its worker starts it.
 * Runs on the I/O executor, once per interval and whenever a slot frees while a backlog was
 * seen; a failing store backs it off up to {@value #MAX_BACKOFF_SECONDS} s.
 */
final class Sweeper {

    private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
    private static final int MAX_BACKOFF_SECONDS = 30;

    private final EngineSettings settings;
    private final Set<String> types;
    private final WorkerPool pool;
    private final Function<Job, Run> newRun;
    private final BiFunction<Job, RunTiming, Run> newClaimedRun;
    private final SingleFlight flight;
    private final ScheduledFuture<?> timer;
    /** Set when the last sweep found as many due jobs as it asked for: more may be waiting. */
    private volatile boolean backlogSeen;
    private int failures;
    private Instant nextSweepAt = Instant.EPOCH;

    /**
     * @param newRun        a run that claims the job it is given when its worker starts it
     * @param newClaimedRun a run of a job the sweep has claimed, with its claim's timing
     */
    Sweeper(EngineSettings settings, WorkerPool pool, EngineThreads threads, Function<Job, Run> newRun,
            BiFunction<Job, RunTiming, Run> newClaimedRun) {
        this.settings = settings;
        this.types = settings.handlers().keySet();
        this.pool = pool;
        this.newRun = newRun;
        this.newClaimedRun = newClaimedRun;
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
        try {
            if (settings.store().claimsInBatches()) {
                claimAndStart(now, free);
            } else {
                findAndStart(now, free);
            }
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
        }
    }

    /** Finds up to {@code free} due jobs and starts a run on a free slot for each; each run claims its job. */
    private void findAndStart(Instant now, int free) {
        List<Job> due = settings.store().findDue(types, now, free);
        backlogSeen = due.size() >= free;
        for (Job job : due) {
            if (pool.active(job.id()) != null || !pool.tryTakeSlotForSweep()) {
                continue;
            }
            pool.start(newRun.apply(job));
        }
    }

    /**
     * Claims up to {@code free} due jobs in one store call and starts a claimed run on a free slot for each. A job a
     * run of this engine already holds is left alone. No slot is held during the store call, so a slow store never
     * keeps a local submit from a free worker; a claimed job that finds no slot left (a local submit took it
     * meanwhile) is given back at once, due for any worker.
     */
    private void claimAndStart(Instant now, int free) {
        DueClaim claim = DueClaim.of(settings.workerId(), now, now.plus(settings.leaseDuration()), pool.activeJobIds());
        List<ClaimedJob> claimed = settings.store().claimDue(types, free, claim);
        backlogSeen = claimed.size() >= free;
        for (ClaimedJob c : claimed) {
            Run run = newClaimedRun.apply(c.job(), RunTiming.dueSince(c.dueSince(), now));
            if (pool.tryTakeSlotForSweep()) {
                pool.start(run);
            } else {
                run.abandon();
            }
        }
    }
}
