package dev.asyncapi.spring.docs;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobContext;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.servlet.RouteAction;
import dev.asyncapi.spring.boot.AsyncApiAutoConfiguration;
import dev.asyncapi.spring.boot.AsyncApiServletAutoConfiguration;
import dev.asyncapi.spring.boot.AsyncJobsBuilderCustomizer;
import dev.asyncapi.spring.boot.AsyncJobsHttpCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java blocks of docs/spring-boot.md and getting-started.md's Spring Boot section, in Spring contexts. */
class SpringBootDocExamplesTest {

    /** The input of {@code release-date}. */
    public record DateRequest(int year, int month, int day) {
    }

    /** The input of getting-started.md's {@code count}. */
    public record CountRequest(String start, String end) {
    }

    /** getting-started.md's handlers. */
    static final class Handlers {
        private Handlers() {
        }

        static Long count(CountRequest input, JobContext ctx) {
            return ChronoUnit.DAYS.between(LocalDate.parse(input.start()), LocalDate.parse(input.end())) + 1;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerBeans {

        // tag::spring-boot-handler-bean[]
        @Bean
        JobDefinition<DateRequest, LocalDate> releaseDate() {
            return JobDefinition.builder("release-date", DateRequest.class, LocalDate.class,
                    (input, ctx) -> LocalDate.of(input.year(), input.month(), input.day()))
                .timeout(Duration.ofMinutes(5))            // optional, as in plain Java
                .build();
        }
        // end::spring-boot-handler-bean[]

        // tag::getting-started-spring-bean[]
        @Bean
        JobDefinition<CountRequest, Long> count() {
            return JobDefinition.builder("count", CountRequest.class, Long.class, Handlers::count).build();
        }
        // end::getting-started-spring-bean[]
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        ResponseRenderer auditRenderer() {
            return ResponseRenderer.standard();
        }

        // tag::spring-boot-customizers[]
        @Bean
        AsyncJobsBuilderCustomizer virtualThreads() {
            return builder -> builder.virtualThreads();          // Java 21+
        }

        @Bean
        AsyncJobsHttpCustomizer auditRoutes(ResponseRenderer auditRenderer) {
            return http -> http.route("GET", "/api/status/{id}",
                    request -> RouteAction.status(request.pathVariable("id")), auditRenderer);
        }
        // end::spring-boot-customizers[]
    }

    private final ApplicationContextRunner engine = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AsyncApiAutoConfiguration.class));

    @Test
    void theHandlerBeansAreTheEnginesJobTypesAndSpringsMapperWritesTheDate() {
        engine.withUserConfiguration(HandlerBeans.class).run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);

            Job date = jobs.await(jobs.submit("release-date", new DateRequest(2021, 8, 10)).id(), Duration.ofSeconds(30));
            Job count = jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-31")).id(),
                    Duration.ofSeconds(30));

            assertThat(jobs.types()).containsExactlyInAnyOrder("release-date", "count");
            assertThat(date.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(date.outputJson()).hasValue("\"2021-08-10\"");
            assertThat(jobs.output(count, Long.class)).contains(31L);
        });
    }

    @Test
    void theHttpCustomizerAddsTheRouteToTheFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        AsyncApiAutoConfiguration.class, AsyncApiServletAutoConfiguration.class))
                .withUserConfiguration(HandlerBeans.class, Customizers.class)
                .run(context -> {
                    if (Runtime.version().feature() < 21) {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(
                                UnsupportedOperationException.class);
                        return;
                    }
                    AsyncJobsHttp http = context.getBean(AsyncJobsHttp.class);
                    assertThat(http.routes()).extracting(route -> route.pathTemplate())
                            .containsExactly("/api/status/{id}");
                });
    }

    @Test
    void eachCustomizerDoesWhatItsCommentSays() {
        Customizers beans = new Customizers();
        AsyncJobs jobs = AsyncJobs.builder().submitOnly("count", CountRequest.class).build();
        try {
            AsyncJobsHttp.Builder http = AsyncJobsHttp.builder(jobs);
            beans.auditRoutes(beans.auditRenderer()).customize(http);
            assertThat(http.build().routes()).extracting(route -> route.pathTemplate())
                    .containsExactly("/api/status/{id}");
        } finally {
            jobs.close();
        }
        AsyncJobs.Builder builder = AsyncJobs.builder().submitOnly("count", CountRequest.class);
        if (Runtime.version().feature() < 21) {
            assertThatThrownBy(() -> beans.virtualThreads().customize(builder))
                    .isInstanceOf(UnsupportedOperationException.class);
        } else {
            beans.virtualThreads().customize(builder);
            builder.build().close();
        }
    }
}
