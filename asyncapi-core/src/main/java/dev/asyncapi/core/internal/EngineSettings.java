package dev.asyncapi.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.spi.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The validated settings an engine runs with, as {@code AsyncJobs.Builder} collected them.
 *
 * @param store             where jobs live
 * @param mapper            binds inputs, writes outputs and progress
 * @param clock             the engine's time
 * @param handlers          the types this engine runs, by name; empty for a client-only engine
 * @param submitOnlyTypes   the inputs of the types this engine submits but leaves to other engines
 * @param workerId          the name in the leases this engine takes
 * @param workers           the most runs at once (admission cap)
 * @param queueCapacity     the most local submits waiting for a worker of this engine
 * @param leaseDuration     the lease a claim takes; heartbeats renew it every third of it
 * @param sweepInterval     how often workers look for due work in the store
 * @param claimBatchSize    the most due jobs one sweep takes
 * @param awaitPollInterval how often waits for jobs run elsewhere read the store
 * @param progressInterval  the shortest interval between two progress writes of one run
 * @param retention         how long terminal jobs are kept, or null to keep them
 * @param shutdownTimeout   how long close lets runs finish
 * @param executor          the user's executor for handlers, or null for one the engine creates
 * @param threadFactory     the user's factory for the threads the engine creates, or null
 * @param scheduler         the user's timer service, or null for one the engine creates
 * @param virtualThreads    whether the engine's own handler and I/O threads are virtual
 * @param listeners         who hears the engine's job events and store calls
 * @param tracing           carries the submitter's trace context to the runs
 */
public record EngineSettings(
        JobStore store,
        ObjectMapper mapper,
        Clock clock,
        Map<String, JobDefinition<?, ?>> handlers,
        Map<String, InputBinding> submitOnlyTypes,
        String workerId,
        int workers,
        int queueCapacity,
        Duration leaseDuration,
        Duration sweepInterval,
        int claimBatchSize,
        Duration awaitPollInterval,
        Duration progressInterval,
        Duration retention,
        Duration shutdownTimeout,
        Executor executor,
        ThreadFactory threadFactory,
        ScheduledExecutorService scheduler,
        boolean virtualThreads,
        Listeners listeners,
        Tracing tracing) {

    /** @return how often a run's lease is renewed: a third of the lease */
    public Duration heartbeatInterval() {
        return leaseDuration.dividedBy(3);
    }

    /** @return whether this engine runs no job type (an API tier that only submits and reads) */
    public boolean clientOnly() {
        return handlers.isEmpty();
    }

    /** @return how long terminal jobs are kept, or empty to keep them until purged explicitly */
    public Optional<Duration> retentionPeriod() {
        return Optional.ofNullable(retention);
    }
}
