package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.spring.boot.internal.EngineHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator health indicator {@code asyncapi} (at {@code /actuator/health/asyncapi}), when Spring Boot Actuator
 * is on the class path: {@code DOWN} when the job store cannot be reached, {@code UP} otherwise, with the engine's
 * role and job types as details. Off with {@code management.health.asyncapi.enabled=false}; a bean named
 * {@code asyncapiHealthIndicator} replaces it.
 */
@AutoConfiguration(after = AsyncApiAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(AsyncJobs.class)
@ConditionalOnEnabledHealthIndicator("asyncapi")
public class AsyncApiHealthAutoConfiguration {

    /** Created by Spring Boot. */
    public AsyncApiHealthAutoConfiguration() {
    }

    /**
     * The indicator.
     *
     * @param jobs the engine
     * @return the indicator, named {@code asyncapi} in the health tree
     */
    @Bean
    @ConditionalOnMissingBean(name = "asyncapiHealthIndicator")
    public HealthIndicator asyncapiHealthIndicator(AsyncJobs jobs) {
        return new EngineHealthIndicator(jobs);
    }
}
