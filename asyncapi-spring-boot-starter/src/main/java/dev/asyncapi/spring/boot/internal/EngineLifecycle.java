package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.core.AsyncJobs;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the engine when the application context stops, in a phase before the web server's graceful shutdown
 * (Spring Boot's is {@code DEFAULT_PHASE - 1024}; phases stop from the highest down). While the engine closes, the
 * server still serves: submits are answered {@code 503} with {@code Retry-After} (another instance takes them),
 * status reads go on, and held long polls and event streams are answered as their jobs end; when {@code close()}
 * returns (within {@code asyncapi.shutdown-timeout} plus the release writes) every held wait has been answered, so
 * the server's drain that follows does not wait for them. The bean's destroy method closes the engine again at the
 * end (a no-op), for contexts that are never started.
 */
public final class EngineLifecycle implements SmartLifecycle {

    /** The phase: {@value}, between the default phase and the web server's graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final AsyncJobs jobs;
    private volatile boolean running;

    /**
     * Creates the lifecycle of an engine.
     *
     * @param jobs the engine, already started by its builder
     */
    public EngineLifecycle(AsyncJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        jobs.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
