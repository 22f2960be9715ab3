package dev.asyncapi.spring.greeting;

import dev.asyncapi.core.JobDefinition;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

// tag::spring-boot-job-definition[]
@SpringBootApplication
public class GreetingApplication {

    @Bean
    JobDefinition<String, String> greet() {
        return JobDefinition.builder("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .timeout(Duration.ofMinutes(1))
                .build();
    }
}
// end::spring-boot-job-definition[]
