package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobNotFoundException;
import dev.asyncapi.core.JobWatch;
import dev.asyncapi.core.JobWatcher;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Callers following jobs: awaits (until the job is terminal) and watches (every newer snapshot). A job
 * run by this engine reaches them as each write succeeds ({@link #written}), with no store read; a job
 * run elsewhere is read from the store by one shared task, at most once per job per poll interval
 * however many awaits and watches follow it. No thread is held while following; an await holds one
 * timer (its deadline), a watch none. Timers only hand work over: every store read runs on the I/O
 * executor, so a slow store delays no deadline.
 */
final class Followers {

    private static final System.Logger LOG = System.getLogger(Followers.class.getName());

    /** Followers by job id; the lists are immutable and replaced under {@code compute}. */
    private final ConcurrentHashMap<String, List<Follower>> byJob = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final ScheduledFuture<?> pollTimer;
    private final SingleFlight poll;
    private final Function<String, Optional<Job>> reader;
    private final Predicate<String> runsLocally;
    private volatile boolean closed;
    private final Runnable beforeFirstFollow;
    private volatile boolean followedBefore;
    /** Jobs with a read queued because the store's change feed named them. */
    private final Set<String> readsQueued = ConcurrentHashMap.newKeySet();

    /**
     * @param beforeFirstFollow called when the first await or watch registers, before its first read (a client
     *                          engine opens the store's change feed then); idempotent, as first follows that race
     *                          may each call it
     */
    Followers(ScheduledExecutorService scheduler, Executor io, Function<String, Optional<Job>> reader,
              Predicate<String> runsLocally, Duration pollInterval, Runnable beforeFirstFollow) {
        this.beforeFirstFollow = beforeFirstFollow;
        this.scheduler = scheduler;
        this.io = io;
        this.reader = reader;
        this.runsLocally = runsLocally;
        long pollMillis = Math.max(1, pollInterval.toMillis());
        this.poll = new SingleFlight("polling followed jobs", io, this::pollAll);
        this.pollTimer = scheduler.scheduleWithFixedDelay(poll::request, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Job> await(String id, Duration maxWait) {
        Waiter waiter = new Waiter(id);
        // registered before the first read, so an outcome recorded after that read still reaches it
        register(waiter);
        Job job = firstRead(waiter);
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

    JobWatch watch(String id, JobWatcher watcher) {
        Watch watch = new Watch(id, watcher, io, this::unregister);
        // registered before the first read, so a write after that read still reaches it
        register(watch);
        watch.start(firstRead(watch));
        if (closed) {
            watch.release();
        }
        return watch;
    }

    private Job firstRead(Follower follower) {
        Optional<Job> first;
        try {
            first = reader.apply(follower.jobId());
        } catch (RuntimeException e) {
            unregister(follower);
            throw e;
        }
        if (first.isEmpty()) {
            unregister(follower);
            throw new JobNotFoundException(follower.jobId());
        }
        return first.get();
    }

    /** A snapshot this engine just wrote: every follower of the job sees it, without a store read. */
    void written(Job job) {
        List<Follower> followers = byJob.get(job.id());
        if (followers != null) {
            followers.forEach(f -> f.written(job));
        }
    }

    /**
     * Completes every await with the latest stored snapshot, ends every watch and stops polling; used at
     * shutdown, after the runs have written their last snapshots.
     */
    void releaseAll() {
        closed = true;
        pollTimer.cancel(false);
        byJob.values().forEach(list -> list.forEach(Follower::release));
    }

    /**
     * The store's change feed says a job changed: a followed job this engine does not run is read now rather
     * than at the next poll. At most one such read per job is queued at a time, however many changes arrive.
     */
    void changed(String id) {
        if (closed || !byJob.containsKey(id) || runsLocally.test(id) || !readsQueued.add(id)) {
            return;
        }
        try {
            io.execute(() -> {
                readsQueued.remove(id);
                List<Follower> followers = byJob.get(id);
                if (followers == null) {
                    return;
                }
                Optional<Job> job;
                try {
                    job = reader.apply(id);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, () -> "reading changed job " + id + " failed; the poll reads it again", e);
                    return;
                }
                followers.forEach(f -> f.polled(job));
            });
        } catch (RejectedExecutionException e) {
            readsQueued.remove(id);
        }
    }

    /** Polls every followed job now rather than at the next interval: the store's feed may have missed changes. */
    void pollSoon() {
        if (!closed) {
            poll.request();
        }
    }

    /** Reads, once per job, the followed jobs that this engine does not run. */
    private void pollAll() {
        for (Map.Entry<String, List<Follower>> entry : byJob.entrySet()) {
            String id = entry.getKey();
            if (runsLocally.test(id)) {
                continue;
            }
            Optional<Job> job;
            try {
                job = reader.apply(id);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "polling followed job " + id + " failed; will poll again", e);
                continue;
            }
            entry.getValue().forEach(f -> f.polled(job));
        }
    }

    private void register(Follower follower) {
        if (!followedBefore) {
            followedBefore = true;
            beforeFirstFollow.run();
        }
        byJob.compute(follower.jobId(), (k, list) -> {
            if (list == null) {
                return List.of(follower);
            }
            List<Follower> more = new ArrayList<>(list.size() + 1);
            more.addAll(list);
            more.add(follower);
            return List.copyOf(more);
        });
    }

    private void unregister(Follower follower) {
        byJob.computeIfPresent(follower.jobId(), (k, list) -> {
            if (list.size() == 1) {
                return list.get(0) == follower ? null : list;
            }
            List<Follower> fewer = new ArrayList<>(list);
            fewer.remove(follower);
            return fewer.isEmpty() ? null : List.copyOf(fewer);
        });
    }

    /** An await or a watch of one job. */
    interface Follower {

        /** @return the followed job's id */
        String jobId();

        /** This engine wrote a snapshot of the job; called right after the write, possibly under the run's lock. */
        void written(Job job);

        /** The poll read the job; empty if it was deleted. Called on the poll's thread. */
        void polled(Optional<Job> job);

        /** The engine closes. */
        void release();
    }

    private final class Waiter implements Follower {
        final String id;
        final CompletableFuture<Job> future = new CompletableFuture<>();
        volatile Job latest;
        volatile ScheduledFuture<?> deadline;

        Waiter(String id) {
            this.id = id;
        }

        @Override
        public String jobId() {
            return id;
        }

        @Override
        public void written(Job job) {
            latest = job;
            if (job.status().isTerminal()) {
                finish(job);
            }
        }

        @Override
        public void polled(Optional<Job> job) {
            if (job.isEmpty()) {
                finish(latest);
                return;
            }
            latest = job.get();
            if (latest.status().isTerminal()) {
                finish(latest);
            }
        }

        @Override
        public void release() {
            expire();
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
                LOG.log(Level.DEBUG, () -> "final read of job " + id + " for a waiter failed", e);
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
