package dev.asyncapi.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobListener;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.TracePropagator;
import dev.asyncapi.spring.boot.internal.Engines;
import dev.asyncapi.spring.boot.internal.EngineLifecycle;
import dev.asyncapi.spring.boot.internal.JobStores;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The engine of a Spring Boot application: an {@link AsyncJobs} built from the {@code asyncapi.*} properties,
 * every {@link JobDefinition} bean, every {@link JobListener} bean, the {@link TracePropagator} bean if there is one,
 * Spring's {@link ObjectMapper} (so handlers may return {@code LocalDate} and whatever else the application's Jackson
 * setup writes), the store {@code asyncapi.store.type} names (or the application's own {@link JobStore} bean) and
 * every {@link AsyncJobsBuilderCustomizer} bean. With no
 * {@code JobDefinition} bean and {@code asyncapi.submit-only.*} types the engine is client-only.
 *
 * <p>The engine starts when the context creates it and closes when the context stops, before the web server's
 * graceful shutdown: running jobs get {@code asyncapi.shutdown-timeout} to finish before they are released to
 * another instance, and every held long poll and event stream is answered by then, so the server's drain does not
 * wait for them. Each bean backs off
 * when the application defines its own. Off with {@code asyncapi.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnClass(AsyncJobs.class)
@ConditionalOnProperty(prefix = AsyncApiProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncApiProperties.class)
public class AsyncApiAutoConfiguration {

    /** Created by Spring Boot. */
    public AsyncApiAutoConfiguration() {
    }

    /**
     * The store {@code asyncapi.store.type} names: {@code memory} (default), {@code azure-tables} or
     * {@code postgres}. Closed with the context, after the engine.
     *
     * @param properties the settings
     * @param beans      where the {@code TokenCredential} or {@code DataSource} is found
     * @return the store
     * @throws InvalidAsyncApiPropertyException if a store property is missing or refused
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JobStore asyncJobStore(AsyncApiProperties properties, ListableBeanFactory beans) {
        return JobStores.create(properties.getStore(), beans);
    }

    /**
     * The engine, started here.
     *
     * @param properties  the settings
     * @param store       the store
     * @param mapper      Spring's {@code ObjectMapper}, if any; otherwise the engine's own
     * @param definitions the job types this service runs
     * @param listeners   listeners of job events and store calls (e.g. the Micrometer binding)
     * @param tracing     the trace propagator, if any (e.g. the OpenTelemetry binding)
     * @param customizers adjustments of the builder
     * @return the running engine
     * @throws InvalidAsyncApiPropertyException if a property is refused or no job type is registered or declared
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AsyncJobs asyncJobs(AsyncApiProperties properties, JobStore store, ObjectProvider<ObjectMapper> mapper,
                               ObjectProvider<JobDefinition<?, ?>> definitions, ObjectProvider<JobListener> listeners,
                               ObjectProvider<TracePropagator> tracing,
                               ObjectProvider<AsyncJobsBuilderCustomizer> customizers) {
        return Engines.create(properties, store, Optional.ofNullable(mapper.getIfUnique()),
                definitions.orderedStream().collect(Collectors.toList()),
                listeners.orderedStream().collect(Collectors.toList()),
                Optional.ofNullable(tracing.getIfUnique()),
                customizers.orderedStream().collect(Collectors.toList()));
    }

    /**
     * Closes the engine when the context stops, before the web server's graceful shutdown; see the class comment.
     *
     * @param jobs the engine
     * @return the lifecycle bean
     */
    @Bean
    public EngineLifecycle asyncJobsLifecycle(AsyncJobs jobs) {
        return new EngineLifecycle(jobs);
    }
}
