package dev.asyncapi.spring.boot4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.JobDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot 3.5 starter in a Spring Boot 4.0 web application on a random loopback port: the engine is built from a
 * handler bean, the filter is mounted, and with {@code spring-boot-jackson2} the engine writes a {@code LocalDate}
 * with Spring's mapper. (The health indicator is built on Boot 3's actuator API and is absent on Boot 4.)
 */
@SpringBootTest(classes = Boot4SmokeIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "asyncapi.http.base-path=/api/jobs", "asyncapi.workers=2"})
class Boot4SmokeIT {

    @SpringBootApplication
    static class App {
        @Bean
        JobDefinition<String, LocalDate> day() {
            return JobDefinition.builder("day", String.class, LocalDate.class, (input, ctx) -> LocalDate.parse(input))
                    .build();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void submitOverHttpCompletesWithSpringsMapper() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> submitted = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/jobs/day"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("\"2021-08-10\"")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isEqualTo(202);
        String location = submitted.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(location + "?wait=30"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(status.body());
        assertThat(body.path("status").asText()).isEqualTo("Completed");
        assertThat(body.path("result").asText()).isEqualTo("2021-08-10");
    }
}
