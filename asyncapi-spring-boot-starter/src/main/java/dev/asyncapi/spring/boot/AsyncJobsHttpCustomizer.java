package dev.asyncapi.spring.boot;

import dev.asyncapi.servlet.AsyncJobsHttp;

/**
 * A bean that adjusts the HTTP configuration after the auto-configuration applied the {@code asyncapi.http.*}
 * properties and the {@code OwnerResolver} bean, if any: custom routes, the body and event-stream timeouts.
 * Customizers run in {@code @Order} order. The builder refuses a setting made twice.
 */
@FunctionalInterface
public interface AsyncJobsHttpCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, before {@code build()}
     */
    void customize(AsyncJobsHttp.Builder builder);
}
