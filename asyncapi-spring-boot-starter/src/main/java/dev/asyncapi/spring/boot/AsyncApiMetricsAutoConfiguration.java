package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.micrometer.AsyncJobsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The engine's Micrometer metrics in Spring's {@link MeterRegistry}, when {@code dev.asyncapi:asyncapi-micrometer}
 * is on the class path and the application has a registry (Spring Boot Actuator makes one): an
 * {@link AsyncJobsMetrics} bean, which the engine takes as a {@code JobListener} (jobs submitted, rejected and ended,
 * queue wait, run and store-call timers), and the engine gauges ({@code asyncapi.engine.*}) bound once the engine
 * exists. An {@code AsyncJobsMetrics} bean of the application's own replaces it (with its own tags, say).
 */
@AutoConfiguration(before = AsyncApiAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({AsyncJobsMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = AsyncApiProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class AsyncApiMetricsAutoConfiguration {

    /** Created by Spring Boot. */
    public AsyncApiMetricsAutoConfiguration() {
    }

    /**
     * The metrics listener.
     *
     * @param registry Spring's registry
     * @return the listener, registered with the engine as every {@code JobListener} bean is
     */
    @Bean
    @ConditionalOnMissingBean
    public AsyncJobsMetrics asyncJobsMetrics(MeterRegistry registry) {
        return new AsyncJobsMetrics(registry);
    }

    /**
     * Binds the engine gauges once every singleton, the engine included, exists.
     *
     * @param metrics the metrics listener
     * @param jobs    the engine, if there is one
     * @return the callback
     */
    @Bean
    public SmartInitializingSingleton asyncJobsGauges(AsyncJobsMetrics metrics, ObjectProvider<AsyncJobs> jobs) {
        return () -> jobs.ifUnique(metrics::bindGauges);
    }
}
