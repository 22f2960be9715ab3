package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.spi.JobStore;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>With a store that claims in batches, up to {@value #CLAIM_LANES} sweeps run at once: a claim is a store round
 * trip or more, during which the jobs of the previous claim may already have run and freed their slots, so a
 * second sweep claims for those instead of waiting. Each sweep reserves the free slots it claims for, so two never
 * claim for the same slot; another store finds work with one sweep at a time.
 */
final class Sweeper {

    private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
    private static final int MAX_BACKOFF_SECONDS = 30;
    /** The most sweeps at once for a store that claims in batches. */
    static final int CLAIM_LANES = 2;

    private final EngineSettings settings;
    private final Set<String> types;
    private final WorkerPool pool;
    private final Function<Job, Run> newRun;
    private final BiFunction<Job, RunTiming, Run> newClaimedRun;
    /** One sweep at a time per lane. */
    private final SingleFlight[] lanes;
    private final ScheduledFuture<?> timer;
    /** The free slots the sweeps under way are claiming for. */
    private final AtomicInteger reserved = new AtomicInteger();
    /** Set when the last sweep found as many due jobs as it asked for: more may be waiting. */
    private volatile boolean backlogSeen;
    /** Failures in a row and the backoff they set; under this object's lock. */
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
        this.lanes = new SingleFlight[settings.store().claimsInBatches() ? CLAIM_LANES : 1];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new SingleFlight("sweep", threads.io, this::sweepOnce);
        }
        long millis = Math.max(1, settings.sweepInterval().toMillis());
        this.timer = threads.timers.scheduleWithFixedDelay(this::request, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts a sweep on an idle lane; with every lane busy, the first sweeps once more when it is done. */
    private void request() {
        for (SingleFlight lane : lanes) {
            if (lane.requestIfIdle()) {
                return;
            }
        }
        lanes[0].request();
    }

    /** A worker slot came free: sweep at once if the last sweep saw a backlog. */
    void slotFreed() {
        if (backlogSeen && pool.freeSlotsForSweep() > 0) {
            request();
        }
    }

    /** The store's change feed says work of a type may be due: sweep now if this engine runs it and has room. */
    void workDue(String type) {
        if (types.contains(type) && pool.freeSlotsForSweep() > 0) {
            request();
        }
    }

    /** Sweeps now if there is room, whatever the type: the store's feed may have missed work. */
    void sweepSoon() {
        if (pool.freeSlotsForSweep() > 0) {
            request();
        }
    }

    void stop() {
        timer.cancel(false);
    }

    private void sweepOnce() {
        Instant now = settings.clock().instant();
        if (now.isBefore(backoffUntil())) {
            return;
        }
        int free = reserveFreeSlots();
        if (free <= 0) {
            return;
        }
        try {
            if (settings.store().claimsInBatches()) {
                claimAndStart(now, free);
            } else {
                findAndStart(now, free);
            }
            succeeded();
        } catch (RuntimeException e) {
            failed(now, e);
        } finally {
            reserved.addAndGet(-free);
        }
    }

    /**
     * Reserves the free slots not already reserved by a sweep under way, up to the claim batch size.
     *
     * @return how many were reserved; 0 if none is free
     */
    private int reserveFreeSlots() {
        while (true) {
            int already = reserved.get();
            int free = Math.min(settings.claimBatchSize(), pool.freeSlotsForSweep() - already);
            if (free <= 0) {
                return 0;
            }
            if (reserved.compareAndSet(already, already + free)) {
                return free;
            }
        }
    }

    private synchronized Instant backoffUntil() {
        return nextSweepAt;
    }

    private synchronized void succeeded() {
        if (failures > 0) {
            LOG.log(Level.INFO, "the job store answers again; sweeping resumes");
        }
        failures = 0;
    }

    private synchronized void failed(Instant now, RuntimeException e) {
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
        Instant leaseEnds = now.plus(settings.leaseDuration());
        Map<String, RunTiming> timings = new ConcurrentHashMap<>();
        List<Job> claimed = settings.store().claimDue(types, now, free, job -> {
            if (pool.active(job.id()) != null) {
                return Optional.empty();
            }
            timings.put(job.id(), RunTiming.of(job, now));
            return Optional.of(JobTransitions.claim(job, settings.workerId(), now, leaseEnds));
        });
        backlogSeen = claimed.size() >= free;
        for (Job job : claimed) {
            Run run = newClaimedRun.apply(job, timings.getOrDefault(job.id(), new RunTiming(now, Duration.ZERO)));
            if (pool.tryTakeSlotForSweep()) {
                pool.start(run);
            } else {
                run.abandon();
            }
        }
    }
}
