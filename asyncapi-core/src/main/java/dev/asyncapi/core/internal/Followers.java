package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobNotFoundException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Callers waiting for jobs to become terminal. A job run by this engine wakes its waiters the moment
 * its outcome is recorded ({@link #jobFinished}); a job run elsewhere is polled from the store at a
 * bounded interval by one shared task. No thread is held while waiting; each waiter holds one timer,
 * its deadline. Timers only hand work over: every store read runs on the I/O executor, so a slow
 * store delays no deadline.
 */
final class Waiters {

    private static final System.Logger LOG = System.getLogger(Waiters.class.getName());

    /** Waiters by job id; the lists are immutable and replaced under {@code compute}. */
    private final ConcurrentHashMap<String, List<Waiter>> byJob = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final ScheduledFuture<?> pollTimer;
    private final Function<String, Optional<Job>> reader;
    private final Predicate<String> runsLocally;

    Waiters(ScheduledExecutorService scheduler, Executor io, Function<String, Optional<Job>> reader,
            Predicate<String> runsLocally, Duration pollInterval) {
        this.scheduler = scheduler;
        this.io = io;
        this.reader = reader;
        this.runsLocally = runsLocally;
        long pollMillis = Math.max(1, pollInterval.toMillis());
        SingleFlight poll = new SingleFlight("await polling", io, this::pollAll);
        this.pollTimer = scheduler.scheduleWithFixedDelay(poll::request, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Job> await(String id, Duration maxWait) {
        Waiter waiter = new Waiter(id);
        // registered before the first read, so an outcome recorded after that read still reaches it
        register(waiter);
        Optional<Job> first;
        try {
            first = reader.apply(id);
        } catch (RuntimeException e) {
            unregister(waiter);
            throw e;
        }
        if (first.isEmpty()) {
            unregister(waiter);
            throw new JobNotFoundException(id);
        }
        Job job = first.get();
        waiter.latest = job;
        if (job.status().isTerminal() || maxWait.isZero() || maxWait.isNegative()) {
            waiter.finish(job);
            return waiter.future;
        }
        try {
            waiter.deadline = scheduler.schedule(waiter::expireOnIo, Durations.saturatedNanos(maxWait),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the engine is closed: nothing would wake this waiter, so answer with what the store holds now
            waiter.expire();
        }
        if (waiter.future.isDone()) {
            waiter.cancelDeadline();
        }
        return waiter.future;
    }

    void jobFinished(Job job) {
        List<Waiter> waiters = byJob.get(job.id());
        if (waiters != null) {
            waiters.forEach(w -> w.finish(job));
        }
    }

    /** Completes every waiter with the latest stored snapshot and stops polling; used at shutdown. */
    void releaseAll() {
        pollTimer.cancel(false);
        byJob.values().forEach(list -> list.forEach(Waiter::expire));
    }

    /** Reads, once per job, the jobs waited for that this engine does not run. */
    private void pollAll() {
        for (Map.Entry<String, List<Waiter>> entry : byJob.entrySet()) {
            String id = entry.getKey();
            if (runsLocally.test(id)) {
                continue;
            }
            try {
                Optional<Job> job = reader.apply(id);
                for (Waiter waiter : entry.getValue()) {
                    waiter.polled(job);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "polling job {0} for a waiter failed; will poll again", id, e);
            }
        }
    }

    private void register(Waiter waiter) {
        byJob.compute(waiter.id, (k, list) -> {
            if (list == null) {
                return List.of(waiter);
            }
            List<Waiter> more = new ArrayList<>(list.size() + 1);
            more.addAll(list);
            more.add(waiter);
            return List.copyOf(more);
        });
    }

    private void unregister(Waiter waiter) {
        byJob.computeIfPresent(waiter.id, (k, list) -> {
            if (list.size() == 1) {
                return list.get(0) == waiter ? null : list;
            }
            List<Waiter> fewer = new ArrayList<>(list);
            fewer.remove(waiter);
            return fewer.isEmpty() ? null : List.copyOf(fewer);
        });
    }

    private final class Waiter {
        final String id;
        final CompletableFuture<Job> future = new CompletableFuture<>();
        volatile Job latest;
        volatile ScheduledFuture<?> deadline;

        Waiter(String id) {
            this.id = id;
        }

        void polled(Optional<Job> job) {
            if (job.isEmpty()) {
                finish(latest);
                return;
            }
            latest = job.get();
            if (latest.status().isTerminal()) {
                finish(latest);
            }
        }

        void expireOnIo() {
            try {
                io.execute(this::expire);
            } catch (RejectedExecutionException e) {
                finish(latest);
            }
        }

        void expire() {
            Job current = latest;
            try {
                current = reader.apply(id).orElse(latest);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "final read of job {0} for a waiter failed", id, e);
            }
            finish(current);
        }

        void finish(Job job) {
            // null only when the waiter is released before its first read finished; that read answers it
            if (job == null || future.isDone()) {
                return;
            }
            cancelDeadline();
            unregister(this);
            future.complete(job);
        }

        void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }
    }
}
