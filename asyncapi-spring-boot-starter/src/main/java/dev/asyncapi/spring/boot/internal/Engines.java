package dev.asyncapi.spring.boot.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobListener;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.TracePropagator;
import dev.asyncapi.spring.boot.AsyncApiProperties;
import dev.asyncapi.spring.boot.AsyncJobsBuilderCustomizer;
import dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException;

import java.util.List;
import java.util.Optional;

/** Builds the engine from the properties, the store, the mapper, the handler beans and the customizers. */
public final class Engines {

    private Engines() {
    }

    /**
     * Builds and starts the engine.
     *
     * @param properties  the {@code asyncapi.*} settings
     * @param store       the store
     * @param mapper      Spring's mapper, if the application has one
     * @param definitions the {@code JobDefinition} beans, in order
     * @param listeners   the {@code JobListener} beans, in order
     * @param tracing     the {@code TracePropagator} bean, if the application has one
     * @param customizers the customizer beans, in order
     * @return the running engine
     * @throws dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException if a property is refused, or no job type
     *                                                                    is registered or declared
     */
    public static AsyncJobs create(AsyncApiProperties properties, JobStore store, Optional<ObjectMapper> mapper,
                                   List<JobDefinition<?, ?>> definitions, List<JobListener> listeners,
                                   Optional<TracePropagator> tracing, List<AsyncJobsBuilderCustomizer> customizers) {
        AsyncJobs.Builder builder = AsyncJobs.builder().store(store);
        mapper.ifPresent(builder::objectMapper);
        definitions.forEach(builder::register);
        listeners.forEach(builder::listener);
        tracing.ifPresent(builder::tracePropagator);
        properties.getSubmitOnly().forEach((type, inputType) ->
                Properties.apply("asyncapi.submit-only." + type, type, t -> builder.submitOnly(t, inputType)));
        Properties.apply("asyncapi.workers", properties.getWorkers(), builder::workers);
        Properties.apply("asyncapi.queue-capacity", properties.getQueueCapacity(), builder::queueCapacity);
        Properties.apply("asyncapi.lease-duration", properties.getLeaseDuration(), builder::leaseDuration);
        Properties.apply("asyncapi.sweep-interval", properties.getSweepInterval(), builder::sweepInterval);
        Properties.apply("asyncapi.shutdown-timeout", properties.getShutdownTimeout(), builder::shutdownTimeout);
        Properties.apply("asyncapi.worker-id", properties.getWorkerId(), builder::workerId);
        if (properties.isKeepJobsForever()) {
            if (properties.getRetention() != null) {
                throw Properties.invalid("asyncapi.retention", "set either asyncapi.retention or"
                        + " asyncapi.keep-jobs-forever=true, not both");
            }
            builder.keepJobsForever();
        }
        Properties.apply("asyncapi.retention", properties.getRetention(), builder::retention);
        customizers.forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            // build() refuses only an engine with no type at all (its Javadoc): say how to give it one
            throw new InvalidAsyncApiPropertyException("asyncapi.submit-only", null, "no job type to run or submit:"
                    + " declare a JobDefinition bean for each type this service runs, or"
                    + " asyncapi.submit-only.<type>=<input class> for types other services run (a client-only"
                    + " engine), or set asyncapi.enabled=false", e);
        }
    }
}
