package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.OwnerResolver;
import dev.asyncapi.spring.boot.internal.HttpSettings;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import java.util.stream.Collectors;

/**
 * Mounts the HTTP contract in a servlet web application: an {@link AsyncJobsHttp} built from the
 * {@code asyncapi.http.*} properties, the application's {@link OwnerResolver} bean if any, and every
 * {@link AsyncJobsHttpCustomizer} bean; served by an {@link AsyncJobsFilter} on {@code /*} with async support, for
 * {@code REQUEST} dispatches, at order {@code asyncapi.http.filter-order} (default 0: after Spring Security's filter
 * chain, so the owner is the authenticated principal). Management ({@code GET}/{@code DELETE} on the base path) is
 * off unless {@code asyncapi.http.management.enabled=true}, and then needs {@code asyncapi.http.management.role}.
 * Off with {@code asyncapi.http.enabled=false}; an application's own {@code AsyncJobsHttp} bean replaces the built one.
 */
@AutoConfiguration(after = AsyncApiAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({AsyncJobsFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(AsyncJobs.class)
@ConditionalOnProperty(prefix = "asyncapi.http", name = "enabled", matchIfMissing = true)
public class AsyncApiServletAutoConfiguration {

    /** Created by Spring Boot. */
    public AsyncApiServletAutoConfiguration() {
    }

    /**
     * The HTTP configuration.
     *
     * @param jobs          the engine
     * @param properties    the settings
     * @param ownerResolver the application's owner resolver, if any; default the principal's name or anonymous
     * @param customizers   adjustments of the builder
     * @return the configuration
     * @throws InvalidAsyncApiPropertyException if an {@code asyncapi.http.*} property is refused
     */
    @Bean
    @ConditionalOnMissingBean
    public AsyncJobsHttp asyncJobsHttp(AsyncJobs jobs, AsyncApiProperties properties,
                                       ObjectProvider<OwnerResolver> ownerResolver,
                                       ObjectProvider<AsyncJobsHttpCustomizer> customizers) {
        AsyncJobsHttp.Builder builder = AsyncJobsHttp.builder(jobs);
        HttpSettings.apply(properties.getHttp(), builder);
        ownerResolver.ifUnique(builder::ownerResolver);
        customizers.orderedStream().collect(Collectors.toList()).forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * The filter's registration.
     *
     * @param http       the configuration it serves
     * @param properties the settings (the filter order)
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "asyncJobsFilterRegistration")
    public FilterRegistrationBean<AsyncJobsFilter> asyncJobsFilterRegistration(AsyncJobsHttp http,
                                                                               AsyncApiProperties properties) {
        FilterRegistrationBean<AsyncJobsFilter> registration = new FilterRegistrationBean<>(new AsyncJobsFilter(http));
        registration.setName("asyncJobsFilter");
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(properties.getHttp().getFilterOrder());
        return registration;
    }
}
