package dev.asyncapi.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.spi.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The validated settings an engine runs with; built by {@link AsyncJobs.Builder}.
 */
record EngineSettings(
        JobStore store,
        ObjectMapper mapper,
        Clock clock,
        Map<String, JobDefinition<?, ?>> definitions,
        String workerId,
        int workers,
        int queueCapacity,
        Duration leaseDuration,
        Duration sweepInterval,
        int claimBatchSize,
        Duration awaitPollInterval,
        Duration progressInterval,
        Duration retention,
        Duration shutdownTimeout) {

    Duration heartbeatInterval() {
        return leaseDuration.dividedBy(3);
    }
}
