package dev.asyncapi.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter in a real Spring Boot web application on Tomcat, on a random loopback port, driven over HTTP. */
@SpringBootTest(classes = ReleaseDateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "asyncapi.http.base-path=/api/jobs",
                "asyncapi.workers=2",
                "management.endpoints.web.exposure.include=health,metrics",
                "management.endpoint.health.show-details=always"})
class SpringBootHttpIT {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void handlerReturningLocalDateCompletesWithSpringsIsoDate() {
        JsonNode status = http.submitAndAwait("/api/jobs/release-date", "{\"year\": 2021, \"month\": 8, \"day\": 10}");

        assertThat(status.path("status").asText()).isEqualTo("Completed");
        assertThat(status.path("result").asText()).isEqualTo("2021-08-10");
    }

    @Test
    void submitAnswers202WithStatusUriUnderTheConfiguredBasePath() {
        HttpResponse<String> response = http.postJson("/api/jobs/release-date", "{\"year\": 2021, \"month\": 8, \"day\": 10}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/api/jobs/"));
    }

    @Test
    void inputsBindWithSpringsMapperSettingsSoAnUnknownPropertyIsAccepted() {
        // Spring Boot's mapper has FAIL_ON_UNKNOWN_PROPERTIES off, as for a controller's @RequestBody
        JsonNode status = http.submitAndAwait("/api/jobs/release-date",
                "{\"year\": 2021, \"month\": 8, \"day\": 10, \"note\": \"not a field of DateRequest\"}");

        assertThat(status.path("status").asText()).isEqualTo("Completed");
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        HttpResponse<String> response = http.postJson("/api/jobs/release-date", "{\"year\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void managementIsOffByDefault() {
        assertThat(http.get("/api/jobs").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsReachSpringsRegistry() {
        http.submitAndAwait("/api/jobs/release-date", "{\"year\": 2022, \"month\": 1, \"day\": 2}");

        HttpResponse<String> submitted = http.get("/actuator/metrics/asyncapi.jobs.submitted?tag=type:release-date");
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(Http.json(submitted).path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
        HttpResponse<String> workers = http.get("/actuator/metrics/asyncapi.engine.workers");
        assertThat(workers.statusCode()).isEqualTo(200);
        assertThat(Http.json(workers).path("measurements").get(0).path("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void healthReportsTheStoreReachableAndTheTypesRun() {
        HttpResponse<String> response = http.get("/actuator/health/asyncapi");

        JsonNode health = Http.json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("store").asText()).isEqualTo("reachable");
        assertThat(health.path("details").path("role").asText()).isEqualTo("worker");
        assertThat(health.path("details").path("types").get(0).asText()).isEqualTo("release-date");
    }
}
