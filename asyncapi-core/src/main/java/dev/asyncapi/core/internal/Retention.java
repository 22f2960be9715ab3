package dev.asyncapi.core.internal;

import dev.asyncapi.core.JobStatus;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes terminal jobs older than the retention period, every tenth of it (between 1 s and 10 min),
 * on the I/O executor so a slow purge delays no timer.
 */
final class Retention {

    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    private final ScheduledFuture<?> timer;

    Retention(EngineSettings settings, Duration retention, EngineThreads threads) {
        SingleFlight purge = new SingleFlight("retention purge", threads.io, () -> {
            int purged = settings.store().purge(JobStatus.terminal(), settings.clock().instant().minus(retention));
            if (purged > 0) {
                LOG.log(Level.DEBUG, "retention purged {0} jobs finished more than {1} ago", purged, retention);
            }
        });
        long millis = Math.max(1000, Math.min(retention.toMillis() / 10, Duration.ofMinutes(10).toMillis()));
        this.timer = threads.timers.scheduleWithFixedDelay(purge::request, millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.cancel(false);
    }
}
