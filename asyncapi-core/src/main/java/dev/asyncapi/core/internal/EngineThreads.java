package dev.asyncapi.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three kinds of threads an engine uses, each the user's if given, otherwise created here:
 * handlers (runs of jobs), I/O (every store call a timer starts) and timers (which only hand work to
 * the other two). Shuts down only what it created.
 */
final class EngineThreads {

    private static final long IDLE_SECONDS = 60;

    final Executor handlers;
    final Executor io;
    final ScheduledExecutorService timers;
    private final List<ExecutorService> created = new ArrayList<>();

    EngineThreads(EngineSettings settings) {
        ThreadFactory base = settings.threadFactory();
        if (settings.virtualThreads()) {
            this.handlers = own(VirtualThreads.threadPerTask(VirtualThreads.factory("asyncapi-worker-")));
            this.io = own(VirtualThreads.threadPerTask(VirtualThreads.factory("asyncapi-io-")));
        } else {
            this.handlers = settings.executor() != null ? settings.executor()
                    : own(workerPool(settings.workers(), base != null ? base : daemonThreads("asyncapi-worker-")));
            this.io = own(cachedPool(base != null ? base : daemonThreads("asyncapi-io-")));
        }
        if (settings.scheduler() != null) {
            this.timers = settings.scheduler();
        } else {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                    base != null ? base : daemonThreads("asyncapi-timer-"));
            scheduler.setRemoveOnCancelPolicy(true);
            this.timers = own(scheduler);
        }
    }

    /** Stops the threads this engine created; the user's executors are left running. */
    void shutdown() {
        created.forEach(ExecutorService::shutdownNow);
    }

    private <E extends ExecutorService> E own(E executor) {
        created.add(executor);
        return executor;
    }

    /**
     * Two threads per worker slot, started on demand and let go when idle: a slot's next job starts on one while
     * the other records the previous job's outcome. Admission already caps the handlers at {@code workers} (and
     * so the runs recording an outcome at as many again); the queue only decouples a submit from a worker that is
     * just finishing its last run, which then takes the next task without parking (a hand-off queue would park
     * and wake a thread, or start a new one, for nearly every job).
     */
    private static ExecutorService workerPool(int workers, ThreadFactory factory) {
        int threads = (int) Math.min(Integer.MAX_VALUE, 2L * workers);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ExecutorService cachedPool(ThreadFactory factory) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
