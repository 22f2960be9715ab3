package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;

/**
 * A bean that adjusts the engine's builder after the auto-configuration applied the {@code asyncapi.*} properties,
 * the store, Spring's {@code ObjectMapper} and the {@code JobDefinition} beans: for settings that have no property
 * (an executor, virtual threads, the progress interval). Customizers run in {@code @Order} order.
 *
 * <p>The builder refuses a setting made twice: a customizer cannot override a property that is set; leave the
 * property unset instead.
 */
@FunctionalInterface
public interface AsyncJobsBuilderCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, before {@code build()}
     */
    void customize(AsyncJobs.Builder builder);
}
