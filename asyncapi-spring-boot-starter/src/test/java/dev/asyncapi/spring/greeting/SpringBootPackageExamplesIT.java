package dev.asyncapi.spring.greeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of the {@code dev.asyncapi.spring.boot} package overview: {@link GreetingApplication} started with
 * the properties of the overview, as a web application on Tomcat on a random loopback port, driven over HTTP.
 */
class SpringBootPackageExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the command line would give: a random loopback port for the test. */
    private final String[] args = {"--server.port=0", "--server.address=127.0.0.1"};
    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theJobDefinitionBeanIsServedUnderTheConfiguredBasePathWithTheConfiguredWorkers() throws Exception {
        // tag::spring-boot-properties[]
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GreetingApplication.class)
                .properties(
                        "asyncapi.store.type=memory", // or postgres, azure-tables
                        "asyncapi.workers=4",
                        "asyncapi.retention=7d",
                        "asyncapi.http.base-path=/api/jobs")
                .run(args);
        // end::spring-boot-properties[]
        this.context = context;
        String port = context.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> accepted = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/greet"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("\"Ada\"")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/api/jobs/"));
        JsonNode body = JSON.readTree(accepted.body());
        AsyncJobs jobs = context.getBean(AsyncJobs.class);
        Job done = jobs.await(body.path("id").asText(), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, String.class)).contains("Hello, Ada");
        assertThat(jobs.gauges().workers()).isEqualTo(4);
        assertThat(jobs.types()).containsExactly("greet");
    }
}
