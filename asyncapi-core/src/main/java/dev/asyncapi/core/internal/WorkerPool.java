package dev.asyncapi.core.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission and dispatch: at most {@code workers} runs hold a worker slot at once, whatever executor
 * runs them, and at most {@code queueCapacity} local submits wait for a slot. A run holds its slot until its
 * handler returns: the slot then takes the next job while the run records its outcome, so a handler never waits
 * for the previous job's write (at most {@code workers} handlers run at once, and as many outcomes may be in
 * flight). A waiting submit is a
 * Pending job in the store with no lease, so any worker of any engine may take it first; its local
 * run then finds it claimed and ends. A slot that comes free goes to the oldest waiting submit, which
 * runs on the same thread (as a fixed pool's worker takes its next task), else to the sweep.
 */
final class WorkerPool {

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

    /** What a submit was admitted to. */
    enum Admission { SLOT, QUEUE, REJECTED }

    private final int workers;
    private final int queueCapacity;
    private final Executor handlers;
    private final Runnable onFreeSlot;
    private final AtomicInteger busySlots = new AtomicInteger();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Run> waiting = new ConcurrentLinkedQueue<>();
    /** Runs holding a slot, by job id. */
    private final ConcurrentHashMap<String, Run> active = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private volatile boolean closed;

    /**
     * @param workers       the most runs at once
     * @param queueCapacity the most submits waiting for a slot
     * @param handlers      where runs execute
     * @param onFreeSlot    called when a slot comes free and no submit waits for it
     */
    WorkerPool(int workers, int queueCapacity, Executor handlers, Runnable onFreeSlot) {
        this.workers = workers;
        this.queueCapacity = queueCapacity;
        this.handlers = handlers;
        this.onFreeSlot = onFreeSlot;
    }

    /** Reserves a slot, else a waiting place, for a submit about to be stored. */
    Admission admit() {
        if (closed) {
            return Admission.REJECTED;
        }
        if (tryTake(busySlots, workers)) {
            return Admission.SLOT;
        }
        return tryTake(waitingCount, queueCapacity) ? Admission.QUEUE : Admission.REJECTED;
    }

    /** Gives back what {@link #admit} reserved, for a submit that stored nothing or found an earlier job. */
    void cancel(Admission admission) {
        switch (admission) {
            case SLOT -> slotFreed();
            case QUEUE -> waitingCount.decrementAndGet();
            case REJECTED -> { }
        }
    }

    /**
     * Starts a run on a slot reserved by {@link #admit} or {@link #tryTakeSlotForSweep}, unless a run of
     * the same job already holds a slot here (a sweep can find a job a local submit is about to start):
     * then the slot is given back and the first run stays the one the heartbeat and terminate see.
     */
    void start(Run run) {
        if (active.putIfAbsent(run.jobId(), run) != null) {
            run.abandon();
            slotFreed();
            return;
        }
        try {
            handlers.execute(() -> work(run));
        } catch (RejectedExecutionException e) {
            // the executor refused (shut down): the job stays due in the store for any worker
            LOG.log(Level.WARNING, () -> "the handler executor refused job " + run.jobId()
                    + "; it stays due for any worker", e);
            run.abandon();
            active.remove(run.jobId(), run);
            slotFreed();
        }
    }

    /** A worker: runs its first run, then waiting submits on the same slot and thread while there are any. */
    private void work(Run first) {
        Run run = first;
        while (run != null) {
            try {
                run.execute();
            } finally {
                run = next(run);
            }
        }
    }

    /** The run's handler returned: its slot goes to the next job now, while the run records its outcome. */
    void handlerReturned(Run run) {
        if (run.giveBackSlot()) {
            slotFreed();
        }
    }

    /**
     * Ends a run and, unless it gave its slot back when its handler returned, hands the slot to the oldest waiting
     * submit, if any, else frees it.
     */
    private Run next(Run ended) {
        active.remove(ended.jobId(), ended);
        if (closed) {
            // close() waits for the last outcome to be recorded too
            synchronized (idle) {
                idle.notifyAll();
            }
        }
        if (!ended.giveBackSlot()) {
            return null;
        }
        while (!closed) {
            Run waitingRun = waiting.poll();
            if (waitingRun == null) {
                break;
            }
            waitingCount.decrementAndGet();
            if (active.putIfAbsent(waitingRun.jobId(), waitingRun) == null) {
                return waitingRun;
            }
            waitingRun.abandon();
        }
        slotFreed();
        return null;
    }

    /** Queues a run on a waiting place reserved by {@link #admit}. */
    void enqueue(Run run) {
        waiting.add(run);
        drainWaiting();
    }

    /**
     * Takes a slot for a job the sweep found, only while no local submit waits (those come first).
     *
     * @return whether a slot was taken
     */
    boolean tryTakeSlotForSweep() {
        return !closed && waitingCount.get() == 0 && tryTake(busySlots, workers);
    }

    /** @return how many slots are free for the sweep now */
    int freeSlotsForSweep() {
        return closed || waitingCount.get() > 0 ? 0 : workers - busySlots.get();
    }

    private void slotFreed() {
        busySlots.decrementAndGet();
        if (closed) {
            // only close() waits for idle; it checks and waits under this monitor, so no wake-up is lost
            synchronized (idle) {
                idle.notifyAll();
            }
        } else if (!drainWaiting()) {
            onFreeSlot.run();
        }
    }

    /** Moves waiting runs onto free slots; returns whether any moved. */
    private boolean drainWaiting() {
        boolean moved = false;
        while (waitingCount.get() > 0 && !closed && tryTake(busySlots, workers)) {
            Run next = waiting.poll();
            if (next == null) {
                // its place is reserved but the run is not queued yet; its enqueue drains it
                busySlots.decrementAndGet();
                break;
            }
            waitingCount.decrementAndGet();
            start(next);
            moved = true;
        }
        return moved;
    }

    /** @return the run holding a slot for the job, or null */
    Run active(String jobId) {
        return active.get(jobId);
    }

    /** @return the ids of the jobs whose runs hold a slot now: a copy, never changed afterwards */
    Set<String> activeJobIds() {
        return Set.copyOf(active.keySet());
    }

    /** @return whether a run of this engine holds the job's lease now */
    boolean runsLocally(String jobId) {
        Run run = active.get(jobId);
        return run != null && run.isRunning();
    }

    Collection<Run> activeRuns() {
        return active.values();
    }

    /** @return how many runs hold a slot */
    int busy() {
        return Math.max(0, busySlots.get());
    }

    /** @return how many local submits wait for a slot (never negative) */
    int queued() {
        return Math.max(0, waitingCount.get());
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops admitting and drops the waiting submits: they hold no lease, so they stay Pending for any
     * worker and nothing is written.
     */
    void close() {
        closed = true;
        Run run;
        while ((run = waiting.poll()) != null) {
            waitingCount.decrementAndGet();
            run.abandon();
        }
    }

    /**
     * Waits until no run holds a slot and every run has recorded its outcome.
     *
     * @return whether that happened within the timeout
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Durations.saturatedNanos(timeout);
        synchronized (idle) {
            while (busySlots.get() > 0 || !active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    private static boolean tryTake(AtomicInteger counter, int limit) {
        int current;
        do {
            current = counter.get();
            if (current >= limit) {
                return false;
            }
        } while (!counter.compareAndSet(current, current + 1));
        return true;
    }
}
