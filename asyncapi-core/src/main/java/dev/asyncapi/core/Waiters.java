package dev.asyncapi.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Callers waiting for jobs to become terminal. A job run by this engine wakes its waiters the moment
 * its outcome is recorded ({@link #jobFinished}); a job run elsewhere is polled from the store at a
 * bounded interval. No thread is held while waiting.
 */
final class Waiters {

    private static final System.Logger LOG = System.getLogger(Waiters.class.getName());

    private final ConcurrentHashMap<String, Set<Waiter>> byJob = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Function<String, Optional<Job>> reader;
    private final Predicate<String> runsLocally;
    private final Duration pollInterval;

    Waiters(ScheduledExecutorService scheduler, Function<String, Optional<Job>> reader,
            Predicate<String> runsLocally, Duration pollInterval) {
        this.scheduler = scheduler;
        this.reader = reader;
        this.runsLocally = runsLocally;
        this.pollInterval = pollInterval;
    }

    CompletableFuture<Job> await(String id, Duration maxWait) {
        Job first = reader.apply(id).orElseThrow(() -> new JobNotFoundException("no job with id " + id));
        if (first.status().isTerminal() || maxWait.isZero() || maxWait.isNegative()) {
            return CompletableFuture.completedFuture(first);
        }
        Waiter waiter = new Waiter(id, first);
        byJob.compute(id, (k, set) -> {
            Set<Waiter> waiters = set == null ? ConcurrentHashMap.newKeySet() : set;
            waiters.add(waiter);
            return waiters;
        });
        // the job may have finished between the first read and registering: read once more
        reader.apply(id).filter(j -> j.status().isTerminal()).ifPresent(waiter::finish);
        if (!waiter.future.isDone()) {
            long pollMillis = Math.max(1, pollInterval.toMillis());
            try {
                waiter.poll = scheduler.scheduleWithFixedDelay(waiter::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
                waiter.deadline = scheduler.schedule(waiter::expire, Durations.saturatedNanos(maxWait), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the engine is closed: nothing would wake this waiter, so answer with what the store holds now
                waiter.expire();
            }
        }
        if (waiter.future.isDone()) {
            waiter.cancelTimers();
        }
        return waiter.future;
    }

    void jobFinished(Job job) {
        Set<Waiter> waiters = byJob.get(job.id());
        if (waiters != null) {
            waiters.forEach(w -> w.finish(job));
        }
    }

    /** Completes every waiter with the latest stored snapshot; used at shutdown. */
    void releaseAll() {
        byJob.values().forEach(set -> set.forEach(Waiter::expire));
    }

    private final class Waiter {
        final String id;
        final CompletableFuture<Job> future = new CompletableFuture<>();
        volatile Job latest;
        volatile ScheduledFuture<?> poll;
        volatile ScheduledFuture<?> deadline;

        Waiter(String id, Job latest) {
            this.id = id;
            this.latest = latest;
        }

        void poll() {
            if (runsLocally.test(id)) {
                return;
            }
            try {
                Optional<Job> job = reader.apply(id);
                if (job.isEmpty()) {
                    finish(latest);
                    return;
                }
                latest = job.get();
                if (latest.status().isTerminal()) {
                    finish(latest);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "polling job {0} for a waiter failed; will poll again", id, e);
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
            cancelTimers();
            byJob.computeIfPresent(id, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            future.complete(job);
        }

        void cancelTimers() {
            ScheduledFuture<?> p = poll;
            ScheduledFuture<?> d = deadline;
            if (p != null) {
                p.cancel(false);
            }
            if (d != null) {
                d.cancel(false);
            }
        }
    }
}
