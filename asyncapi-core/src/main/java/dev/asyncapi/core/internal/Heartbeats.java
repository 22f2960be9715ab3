package dev.asyncapi.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renews the lease of every claimed run every third of the lease. The timer only asks; each run's
 * renewal is its own task on the I/O executor, so one slow store call delays no other run's lease.
 */
final class Heartbeats {

    private final ScheduledFuture<?> timer;

    Heartbeats(EngineSettings settings, WorkerPool pool, EngineThreads threads) {
        long millis = Math.max(1, settings.heartbeatInterval().toMillis());
        this.timer = threads.timers.scheduleWithFixedDelay(
                () -> pool.activeRuns().forEach(Run::requestHeartbeat), millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.cancel(false);
    }
}
