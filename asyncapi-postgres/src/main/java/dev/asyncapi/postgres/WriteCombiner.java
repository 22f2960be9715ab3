package dev.asyncapi.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets concurrent callers share one statement: each caller queues its request and waits; whichever caller finds
 * no batch under way runs every request queued so far (up to {@code maxBatch}) as one batch, on its own thread,
 * while the next callers queue behind it. A caller alone runs its request at once, with no added wait; under load
 * a batch holds what arrived during the previous one's round trip, so the writes of many threads cost one
 * statement and one commit. No thread of its own: the leader is always a caller.
 *
 * @param <R> a request
 * @param <T> its result
 */
final class WriteCombiner<R, T> {

    /** One caller's request and, once its batch ran, its result. */
    static final class Pending<R, T> {
        private final R request;
        private final Thread caller = Thread.currentThread();
        private volatile boolean done;
        private T value;
        private RuntimeException failure;

        private Pending(R request) {
            this.request = request;
        }

        R request() {
            return request;
        }

        /** Sets the result; the first result set counts. */
        void complete(T result) {
            finish(result, null);
        }

        /** Sets a failure, thrown to the caller; the first result set counts. */
        void fail(RuntimeException e) {
            finish(null, e);
        }

        boolean isDone() {
            return done;
        }

        private void finish(T result, RuntimeException e) {
            if (done) {
                return;
            }
            value = result;
            failure = e;
            done = true;
            LockSupport.unpark(caller);
        }

        private T result() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private final int maxBatch;
    private final Consumer<List<Pending<R, T>>> runBatch;
    private final ReentrantLock leading = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<R, T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param maxBatch the most requests in one batch, 1 or more (1: every request alone)
     * @param runBatch runs a batch and completes or fails each of its requests; a request it leaves open fails,
     *                 as does every request of a batch it throws out of
     */
    WriteCombiner(int maxBatch, Consumer<List<Pending<R, T>>> runBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, but was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.runBatch = runBatch;
    }

    /**
     * Runs the request in the next batch and returns its result.
     *
     * @throws RuntimeException what the batch failed the request with
     */
    T submit(R request) {
        Pending<R, T> mine = new Pending<>(request);
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.isDone()) {
            if (leading.tryLock()) {
                try {
                    while (!mine.isDone()) {
                        runQueued();
                    }
                } finally {
                    leading.unlock();
                }
                // requests queued while this batch ran have callers parked: wake one to lead the next batch
                Pending<R, T> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // woken when the request is done, or when the leader ends a batch with this request queued
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.result();
    }

    private void runQueued() {
        List<Pending<R, T>> batch = new ArrayList<>(Math.min(maxBatch, 16));
        Pending<R, T> p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        batches.incrementAndGet();
        requests.addAndGet(batch.size());
        try {
            runBatch.accept(batch);
        } catch (RuntimeException | Error e) {
            for (Pending<R, T> each : batch) {
                each.fail(e instanceof RuntimeException r ? r : new IllegalStateException("a write batch failed", e));
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
        for (Pending<R, T> each : batch) {
            each.fail(new IllegalStateException("the write batch left this request without a result"));
        }
    }

    /** @return how many requests wait for a batch now (counted one by one: for tests) */
    int queued() {
        return queue.size();
    }

    /** @return how many batches ran, for tests and benchmarks */
    long batches() {
        return batches.get();
    }

    /** @return how many requests those batches held */
    long requests() {
        return requests.get();
    }
}
