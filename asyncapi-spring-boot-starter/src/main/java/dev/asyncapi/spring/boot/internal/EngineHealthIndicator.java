package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobStoreUnavailableException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.ArrayList;

/**
 * The engine's health: one point read of the store (of an id no job has), so a check costs what a status read
 * costs. {@code DOWN} with the store's message (which names the endpoint, never a secret) when the store cannot be
 * reached; {@code UP} otherwise. Details: {@code store}, {@code role} ({@code worker} or {@code client-only}),
 * {@code types} (the types this engine runs) and {@code workerId}.
 */
public final class EngineHealthIndicator implements HealthIndicator {

    /** The id read by each check: well-formed, and never generated (generated ids are 32 hex digits). */
    static final String PROBE_ID = "asyncapi-health-probe";

    private final AsyncJobs jobs;

    /**
     * Creates the indicator.
     *
     * @param jobs the engine
     */
    public EngineHealthIndicator(AsyncJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        try {
            jobs.find(PROBE_ID);
            health.withDetail("store", "reachable");
        } catch (JobStoreUnavailableException e) {
            health = Health.down().withDetail("store", "unreachable").withDetail("error", String.valueOf(e.getMessage()));
        }
        return health.withDetail("role", jobs.isClientOnly() ? "client-only" : "worker")
                .withDetail("types", new ArrayList<>(jobs.types()))
                .withDetail("workerId", jobs.workerId())
                .build();
    }
}
