package dev.asyncapi.spring.boot;

import dev.asyncapi.core.spi.TracePropagator;
import dev.asyncapi.opentelemetry.AsyncJobsTracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Traces from submits to runs, when {@code dev.asyncapi:asyncapi-opentelemetry} is on the class path and the
 * application has an {@link OpenTelemetry} bean (Spring Boot Actuator makes one when the OpenTelemetry SDK is
 * present): an {@link AsyncJobsTracing} bean, which the engine takes as its {@link TracePropagator}. A
 * {@code TracePropagator} bean of the application's own replaces it.
 */
@AutoConfiguration(before = AsyncApiAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration")
@ConditionalOnClass({AsyncJobsTracing.class, OpenTelemetry.class})
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty(prefix = AsyncApiProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class AsyncApiTracingAutoConfiguration {

    /** Created by Spring Boot. */
    public AsyncApiTracingAutoConfiguration() {
    }

    /**
     * The propagator.
     *
     * @param openTelemetry the application's OpenTelemetry
     * @return the propagator
     */
    @Bean
    @ConditionalOnMissingBean(TracePropagator.class)
    public AsyncJobsTracing asyncJobsTracing(OpenTelemetry openTelemetry) {
        return new AsyncJobsTracing(openTelemetry);
    }
}
