package dev.asyncapi.spring.boot;

import dev.asyncapi.core.JobDefinition;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.time.LocalDate;

/**
 * A Spring Boot service as a user writes it: one handler bean, whose output is a {@code LocalDate} that only
 * Spring's {@code ObjectMapper} (with the Java time module) can write.
 */
@SpringBootApplication
public class ReleaseDateApplication {

    /** The input of {@code release-date}. */
    public record DateRequest(int year, int month, int day) {
    }

    @Bean
    JobDefinition<DateRequest, LocalDate> releaseDate() {
        return JobDefinition.builder("release-date", DateRequest.class, LocalDate.class,
                (input, ctx) -> LocalDate.of(input.year(), input.month(), input.day())).build();
    }
}
