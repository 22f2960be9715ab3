package dev.asyncapi.core.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.spi.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link Run} needs from its engine, and nothing more: the store, time, the I/O and timer
 * threads, whether the engine is closing, and where to report each snapshot it writes.
 */
final class RunServices {

    private final EngineSettings settings;
    private final Json json;
    private final EngineThreads threads;
    private final Followers followers;
    private final WorkerPool pool;
    private final JobEvents events;

    RunServices(EngineSettings settings, Json json, EngineThreads threads, Followers followers, WorkerPool pool,
                JobEvents events) {
        this.settings = settings;
        this.json = json;
        this.threads = threads;
        this.followers = followers;
        this.pool = pool;
        this.events = events;
    }

    JobStore store() {
        return settings.store();
    }

    Clock clock() {
        return settings.clock();
    }

    String workerId() {
        return settings.workerId();
    }

    Duration leaseDuration() {
        return settings.leaseDuration();
    }

    Duration progressInterval() {
        return settings.progressInterval();
    }

    Json json() {
        return json;
    }

    Executor io() {
        return threads.io;
    }

    ScheduledExecutorService timers() {
        return threads.timers;
    }

    boolean closed() {
        return pool.isClosed();
    }

    /** @return the run's trace span */
    Tracing tracing() {
        return settings.tracing();
    }

    /** @return where the run reports its events */
    JobEvents events() {
        return events;
    }

    /** Hands a snapshot the run just wrote to the job's awaits and watches. */
    void written(Job job) {
        followers.written(job);
    }

    /** The run's handler returned: its worker slot goes to the next job while the run records its outcome. */
    void handlerReturned(Run run) {
        pool.handlerReturned(run);
    }
}
