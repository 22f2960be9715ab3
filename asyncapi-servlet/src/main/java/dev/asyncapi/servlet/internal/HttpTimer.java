package dev.asyncapi.servlet.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the HTTP layer's deadlines (request bodies) and event-stream heartbeats. Its tasks
 * only hand work over or write a few bytes without blocking. Started on first use; stopped when the filter
 * or servlet is destroyed.
 */
final class HttpTimer implements AutoCloseable {

    private ScheduledExecutorService scheduler;
    private boolean closed;

    synchronized ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler().schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    synchronized ScheduledFuture<?> every(Runnable task, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        return scheduler().scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    }

    private ScheduledExecutorService scheduler() {
        if (closed) {
            throw new IllegalStateException("the HTTP layer was stopped");
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "asyncapi-http-timer");
                thread.setDaemon(true);
                return thread;
            });
        }
        return scheduler;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
