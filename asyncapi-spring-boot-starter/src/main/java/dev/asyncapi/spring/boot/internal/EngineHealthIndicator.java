package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.EngineGauges;
import dev.asyncapi.core.JobStoreUnavailableException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.ArrayList;

/**
 * The engine's health, from one point read of the store (of an id no job has, so a check costs what a status read
 * costs) and the engine's admission gauges (no store call):
 * <ul>
 *   <li>{@code DOWN} when the store cannot be reached, with the store's message (which names the endpoint, never a
 *       secret);
 *   <li>{@code OUT_OF_SERVICE} when admission is saturated: every worker busy and the waiting queue full, so a submit
 *       now is answered {@code 503} (a readiness probe should take the instance out of rotation; a liveness probe must
 *       not restart it, so keep this indicator out of the liveness group);
 *   <li>{@code UP} otherwise.
 * </ul>
 * Details: {@code store}, {@code role} ({@code worker} or {@code client-only}), {@code types} (the types this engine
 * runs), {@code workerId}, and for a worker {@code running}, {@code queued}, {@code workers}, {@code queueCapacity},
 * {@code saturation} (0 to 1).
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
        EngineGauges gauges = jobs.gauges();
        boolean saturated = !jobs.isClientOnly() && gauges.admitted() >= gauges.capacity();
        Health.Builder health = saturated ? Health.outOfService() : Health.up();
        try {
            jobs.find(PROBE_ID);
            health.withDetail("store", "reachable");
        } catch (JobStoreUnavailableException e) {
            health.down().withDetail("store", "unreachable").withDetail("error", String.valueOf(e.getMessage()));
        }
        health.withDetail("role", jobs.isClientOnly() ? "client-only" : "worker")
                .withDetail("types", new ArrayList<>(jobs.types()))
                .withDetail("workerId", jobs.workerId());
        if (!jobs.isClientOnly()) {
            health.withDetail("running", gauges.running())
                    .withDetail("queued", gauges.queued())
                    .withDetail("workers", gauges.workers())
                    .withDetail("queueCapacity", gauges.queueCapacity())
                    .withDetail("saturation", gauges.saturation());
        }
        return health.build();
    }
}
